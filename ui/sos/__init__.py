"""SOS: a spoken countdown with a huge Cancel, then an emergency saved and sent first."""
