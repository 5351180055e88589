-- Residents as the center's register has them: a card the center marked inactive can no
-- longer sign in or order here; contacts as the center keeps them (JSON list). An order the
-- center refused keeps its reason code (past_cutoff, unknown_card ...) for the words shown.
ALTER TABLE residents ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE residents ADD COLUMN contacts_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE residents ADD COLUMN center_updated_at REAL;
ALTER TABLE orders ADD COLUMN refusal TEXT;  -- the center's reason code (ORDER_REFUSALS)
