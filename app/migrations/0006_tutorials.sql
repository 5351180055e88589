-- How far each resident got in each lesson of "Learn": the furthest step reached (from 0)
-- out of the lesson's steps, whether they have seen every step (completed), practised it in
-- the practice screens, and mastered it (a volunteer saw them manage on their own).
-- One row per resident and lesson; the center hears of each change through the outbox.
CREATE TABLE tutorial_progress (
    resident_id    INTEGER NOT NULL REFERENCES residents(id),
    lesson_id      TEXT NOT NULL,
    step           INTEGER NOT NULL CHECK (step >= 0),
    steps          INTEGER NOT NULL CHECK (steps >= 1 AND step < steps),
    completed      INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    practised      INTEGER NOT NULL DEFAULT 0 CHECK (practised IN (0, 1)),
    mastered       INTEGER NOT NULL DEFAULT 0 CHECK (mastered IN (0, 1)),
    started_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (resident_id, lesson_id)
);
