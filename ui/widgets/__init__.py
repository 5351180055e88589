"""Reusable large-print widgets: tiles, buttons, status chips, countdown, number pad."""
