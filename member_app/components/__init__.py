"""Reusable pieces of the member UI."""
