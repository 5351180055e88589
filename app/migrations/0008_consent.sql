-- What each resident agreed to, one row per answer: the use of their data (purpose), the
-- version of the words they were shown, yes or no, who recorded it (the resident on the
-- consent screen, or staff with them) and when. A withdrawal is a later "no"; the newest
-- answer holds. The center hears of each answer through the outbox (consent.record).
CREATE TABLE consents (
    id               TEXT PRIMARY KEY,
    resident_id      INTEGER NOT NULL REFERENCES residents(id),
    purpose          TEXT NOT NULL CHECK (purpose IN
                       ('health_readings', 'call_recording', 'family_sharing')),
    granted          INTEGER NOT NULL CHECK (granted IN (0, 1)),
    wording_version  TEXT NOT NULL,
    recorded_by      TEXT NOT NULL CHECK (recorded_by IN ('resident', 'staff')),
    staff_name       TEXT NOT NULL DEFAULT '',
    recorded_at      TEXT NOT NULL
);
CREATE INDEX consents_by_resident ON consents(resident_id, purpose, recorded_at);
