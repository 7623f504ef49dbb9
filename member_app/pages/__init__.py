"""Pages of the member app."""
