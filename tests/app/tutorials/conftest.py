"""The lesson fixtures of tests/helpers/tutorials.py, for the tests of app/tutorials."""

from tests.helpers.tutorials import scan_to_pay, shipped_lessons

__all__ = ["scan_to_pay", "shipped_lessons"]
