"""Message catalogs, one module per screen, each a dict key -> {"zh": ..., "en": ...}."""
