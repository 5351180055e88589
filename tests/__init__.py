"""Tests of the elder-care kiosk."""
