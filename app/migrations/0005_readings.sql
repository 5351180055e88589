-- Vital-sign readings kept on the kiosk with the kiosk's judgement of them (app/vitals), who
-- at the center acknowledged an alerting one, and each resident's own targets set by staff.
CREATE TABLE readings (
    id               TEXT PRIMARY KEY,
    resident_id      INTEGER NOT NULL REFERENCES residents(id),
    kind             TEXT NOT NULL CHECK (kind IN ('blood_pressure', 'heart_rate',
                       'pulse_oximetry', 'temperature', 'glucose', 'weight')),
    values_json      TEXT NOT NULL,
    meal             TEXT CHECK (meal IN ('fasting', 'after_meal', 'unknown')),
    measured_at      TEXT NOT NULL,
    level            TEXT NOT NULL CHECK (level IN
                       ('very_low', 'low', 'normal', 'a_bit_high', 'high', 'very_high')),
    alert            INTEGER NOT NULL CHECK (alert IN (0, 1)),
    source           TEXT NOT NULL CHECK (source IN ('device', 'typed')),
    device           TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    acknowledged_by  TEXT,
    acknowledged_at  TEXT,
    ack_note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX readings_by_resident ON readings(resident_id, kind, measured_at);

-- Keyed by card: the center names residents by card, and targets may arrive before the
-- resident first signs in on this kiosk.
CREATE TABLE resident_targets (
    resident_card  TEXT NOT NULL,
    value          TEXT NOT NULL,
    low            REAL,
    high           REAL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (resident_card, value),
    CHECK (low IS NOT NULL OR high IS NOT NULL),
    CHECK (low IS NULL OR high IS NULL OR low < high)
);
