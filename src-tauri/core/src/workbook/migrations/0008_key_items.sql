-- Key controls chosen by the user: an item marked as one an auditor would test first for
-- a criterion it maps to. Library items carry their key criteria in the library itself
-- (`key_for` in assets/catalog/checklist.json), so only the user's own choices live here.
CREATE TABLE item_key (
    id            TEXT PRIMARY KEY,
    item_id       TEXT NOT NULL REFERENCES checklist_item (id),
    criterion_id  TEXT NOT NULL
) STRICT;
CREATE INDEX item_key_item ON item_key (item_id);
