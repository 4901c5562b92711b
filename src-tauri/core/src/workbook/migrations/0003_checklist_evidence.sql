-- Checklist items (from our library or the user's own), their criteria, evidence files
-- and the content-addressed storage that holds the evidence bytes.

CREATE TABLE checklist_item (
    id                  TEXT PRIMARY KEY,
    ref                 TEXT NOT NULL UNIQUE,           -- "AC-01" from the library, "CU-001" for custom items
    library_key         TEXT,                           -- NULL for custom items
    area                TEXT NOT NULL,
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    why                 TEXT NOT NULL DEFAULT '',
    how                 TEXT NOT NULL DEFAULT '',
    suggested_evidence  TEXT NOT NULL DEFAULT '[]',     -- JSON array of sentences
    frequency           TEXT NOT NULL DEFAULT 'once'
                        CHECK (frequency IN ('once', 'continuous', 'monthly', 'quarterly', 'annual')),
    owner_id            TEXT REFERENCES person (id),
    status              TEXT NOT NULL DEFAULT 'not_started'
                        CHECK (status IN ('not_started', 'in_progress', 'ready', 'not_applicable')),
    due_date            TEXT,
    na_justification    TEXT NOT NULL DEFAULT '',
    comments            TEXT NOT NULL DEFAULT '',
    -- "Not applicable" always says why: the auditor reads every exclusion.
    CHECK (status <> 'not_applicable' OR length(trim(na_justification)) > 0)
) STRICT;
CREATE INDEX checklist_item_owner ON checklist_item (owner_id);

-- Many-to-many: which criteria an item addresses. id = item id || '/' || criterion id.
CREATE TABLE item_criterion (
    id            TEXT PRIMARY KEY,
    item_id       TEXT NOT NULL REFERENCES checklist_item (id),
    criterion_id  TEXT NOT NULL
) STRICT;
CREATE INDEX item_criterion_item ON item_criterion (item_id);
CREATE INDEX item_criterion_criterion ON item_criterion (criterion_id);

-- Evidence bytes, stored once per distinct content and split into chunks so a file of
-- any size streams in and out without being held in memory. Not audited row by row:
-- each evidence record (audited) names the SHA-256 its bytes must hash to, and
-- `readiness verify` re-hashes them.
CREATE TABLE evidence_blob (
    id      INTEGER PRIMARY KEY,
    sha256  TEXT NOT NULL UNIQUE,
    size    INTEGER NOT NULL
) STRICT;
-- An ordinary rowid table on purpose: in a WITHOUT ROWID table the 1 MiB data would sit
-- inside the key's b-tree and every insert would re-read (and decrypt) neighbouring
-- chunks to compare keys, which measured 3.5x slower on a 1 GiB attach.
CREATE TABLE evidence_chunk (
    id       INTEGER PRIMARY KEY,
    blob_id  INTEGER NOT NULL REFERENCES evidence_blob (id),
    seq      INTEGER NOT NULL,
    data     BLOB NOT NULL,
    UNIQUE (blob_id, seq)
) STRICT;

CREATE TABLE evidence (
    id             TEXT PRIMARY KEY,
    ref            TEXT NOT NULL UNIQUE,                -- "E-0001", cited by the binder
    sha256         TEXT NOT NULL REFERENCES evidence_blob (sha256),
    size           INTEGER NOT NULL,
    file_name      TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    collected_at   TEXT NOT NULL,
    collected_by   TEXT NOT NULL DEFAULT '',
    added_at       TEXT NOT NULL
) STRICT;

-- Many-to-many: one file can support several items. id = item id || '/' || evidence id.
CREATE TABLE item_evidence (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES checklist_item (id),
    evidence_id  TEXT NOT NULL REFERENCES evidence (id)
) STRICT;
CREATE INDEX item_evidence_item ON item_evidence (item_id);
CREATE INDEX item_evidence_evidence ON item_evidence (evidence_id);
