"""Installability: icons drawn by code, the web manifest and the service worker in assets/."""
