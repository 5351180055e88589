-- What the kiosk remembers about syncing: the cursor of the center's updates, offline time.
CREATE TABLE sync_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

ALTER TABLE orders ADD COLUMN worker TEXT;
