"""Sync with the center server: wire protocol, outbox drain worker, update pull."""
