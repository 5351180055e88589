-- Messages from the center's staff, kept until the resident has seen them.
CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    text           TEXT NOT NULL,
    resident_card  TEXT,
    sender         TEXT NOT NULL DEFAULT '',
    received_at    TEXT NOT NULL,
    read_at        TEXT
);
