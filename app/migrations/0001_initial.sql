-- Residents, their orders and emergencies, and the outbox that carries them to the center.
CREATE TABLE residents (
    id            INTEGER PRIMARY KEY,
    card_number   TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    phone         TEXT NOT NULL DEFAULT '',
    subsidy_tier  TEXT NOT NULL CHECK (subsidy_tier IN ('free', 'subsidised', 'full')),
    language      TEXT NOT NULL DEFAULT 'zh_CN',
    created_at    TEXT NOT NULL
);

CREATE TABLE orders (
    id            TEXT PRIMARY KEY,
    resident_id   INTEGER NOT NULL REFERENCES residents(id),
    service_id    TEXT NOT NULL,
    choices_json  TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity >= 1),
    price_fen     INTEGER NOT NULL CHECK (price_fen >= 0),
    subsidy_tier  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN
                    ('waiting', 'sent', 'accepted', 'on_the_way', 'done', 'cancelled')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX orders_by_resident ON orders(resident_id, created_at);

CREATE TABLE order_history (
    id         INTEGER PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES orders(id),
    status     TEXT NOT NULL,
    at         TEXT NOT NULL,
    by_whom    TEXT NOT NULL
);
CREATE INDEX order_history_by_order ON order_history(order_id);

CREATE TABLE sos_events (
    id           TEXT PRIMARY KEY,
    resident_id  INTEGER REFERENCES residents(id),
    status       TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'acknowledged')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE help_requests (
    id           TEXT PRIMARY KEY,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE outbox (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    priority         INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  REAL NOT NULL,
    claimed_until    REAL,
    last_error       TEXT,
    created_at       REAL NOT NULL,
    sent_at          REAL
);
CREATE INDEX outbox_ready ON outbox(state, priority, next_attempt_at, seq);
