"""Reflex state: thin. Handlers call services and turn their answers into display strings."""
