"""Kiosk sign-in by service card or number pad, and privacy sign-out after idle time."""
