-- What became of each emergency call, as the center answered it: when the center stored it,
-- how long it gives its staff to answer, who answered and what they are doing, how far it
-- escalated, and a false alarm withdrawn (and when the center knew).
ALTER TABLE sos_events ADD COLUMN received_at TEXT;
ALTER TABLE sos_events ADD COLUMN ack_within_s INTEGER;
ALTER TABLE sos_events ADD COLUMN acknowledged_by TEXT;
ALTER TABLE sos_events ADD COLUMN action TEXT;
ALTER TABLE sos_events ADD COLUMN step TEXT;
ALTER TABLE sos_events ADD COLUMN withdrawn_at TEXT;
ALTER TABLE sos_events ADD COLUMN withdraw_received_at TEXT;
