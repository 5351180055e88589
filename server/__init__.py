"""The center server: kiosks' events in, status updates out, staff API, family portal."""
