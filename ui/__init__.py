"""The kiosk's screens, widgets and theme (PySide6 widgets)."""
