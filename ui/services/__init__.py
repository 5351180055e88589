"""Ordering a community service: choices, a read-back to confirm, and the result."""
