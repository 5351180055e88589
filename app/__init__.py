"""The domain core of the kiosk: store, outbox, catalog, orders, emergencies, people.

Nothing in this package imports Qt widgets, HTTP or audio libraries.
"""
