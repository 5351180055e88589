"""Screens for features that are not available on this terminal yet."""
