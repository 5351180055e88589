"""Fixtures and helper programs shared by the tests."""
