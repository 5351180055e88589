"""Speech for the kiosk: the speaker that reads screens and results aloud."""
