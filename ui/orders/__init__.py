"""My orders: each order with its true state, and cancel while it can still be cancelled."""
