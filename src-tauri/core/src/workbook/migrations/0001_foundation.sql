-- Foundation: workbook identity, the append-only change log, organisation profile, settings.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;
CREATE INDEX change_log_entity ON change_log (entity, entity_id, seq);

-- The log is append-only. The triggers stop accidents from our own code; deliberate
-- tampering with a raw connection is caught by `readiness verify` walking the chain.
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

CREATE TABLE organization (
    id                 TEXT PRIMARY KEY,
    legal_name         TEXT NOT NULL,
    product            TEXT NOT NULL DEFAULT '',
    locations          TEXT NOT NULL DEFAULT '',
    auditor_firm       TEXT NOT NULL DEFAULT '',
    auditor_contact    TEXT NOT NULL DEFAULT '',
    target_audit_date  TEXT
) STRICT;

CREATE TABLE setting (
    id     TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
