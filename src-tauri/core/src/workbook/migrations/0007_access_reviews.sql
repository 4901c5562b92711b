-- User access reviews: a campaign per system, the account list it imported, the
-- reviewer's decisions, the remediation they call for, and the column mapping each
-- system's export needed (remembered for next time).

CREATE TABLE access_review (
    id              TEXT PRIMARY KEY,
    system_id       TEXT NOT NULL REFERENCES system (id),
    reviewer_id     TEXT REFERENCES person (id),
    as_of           TEXT NOT NULL,
    due             TEXT,
    stale_days      INTEGER NOT NULL DEFAULT 90 CHECK (stale_days BETWEEN 1 AND 3650),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_review', 'signed_off')),
    source_file     TEXT NOT NULL DEFAULT '',
    preset          TEXT,
    headers         TEXT NOT NULL DEFAULT '[]',   -- JSON array: the export's header row
    imported_at     TEXT,
    account_count   INTEGER NOT NULL DEFAULT 0,
    signed_off_by   TEXT NOT NULL DEFAULT '',
    signed_off_on   TEXT,
    sign_off_note   TEXT NOT NULL DEFAULT '',
    CHECK (status <> 'signed_off' OR (signed_off_on IS NOT NULL AND length(trim(signed_off_by)) > 0))
) STRICT;

-- One imported account. id = campaign id || ':' || six-digit position, so ids sort in
-- file order and a campaign's accounts are one range of the primary key (no second
-- index to maintain on a 100,000-row import; WITHOUT ROWID keeps the rows in that one
-- key's B-tree, so the key is stored once). Rows are written once, by the import, and
-- logged as one batch per campaign (see Entity::batch_key); the reviewer's work lives in
-- review_decision.
CREATE TABLE review_account (
    id              TEXT PRIMARY KEY,
    -- The id's prefix, computed rather than stored: 36 bytes a row less to write.
    campaign_id     TEXT GENERATED ALWAYS AS (substr(id, 1, instr(id, ':') - 1)) VIRTUAL,
    line            INTEGER NOT NULL,
    identity        TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    email           TEXT NOT NULL,
    roles           TEXT NOT NULL,
    account_status  TEXT NOT NULL,
    active          INTEGER NOT NULL CHECK (active IN (0, 1)),
    last_login      TEXT,
    mfa             INTEGER CHECK (mfa IN (0, 1)),
    person_id       TEXT,
    matched_by      TEXT CHECK (matched_by IN ('email', 'name')),
    flags           INTEGER NOT NULL,
    raw             TEXT NOT NULL               -- JSON array: the row's cells as exported
) STRICT, WITHOUT ROWID;

-- The reviewer's call on one account. id = the account's id.
CREATE TABLE review_decision (
    id            TEXT PRIMARY KEY,
    campaign_id   TEXT NOT NULL REFERENCES access_review (id),
    decision      TEXT CHECK (decision IN ('keep', 'revoke', 'change')),
    reason        TEXT NOT NULL DEFAULT '',
    label         TEXT CHECK (label IN ('service', 'shared', 'external', 'unknown')),
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_on    TEXT,
    CHECK (decision IS NULL OR decided_on IS NOT NULL)
) STRICT;

-- Work a revoke or change decision calls for. id = the account's id.
CREATE TABLE review_remediation (
    id            TEXT PRIMARY KEY,
    campaign_id   TEXT NOT NULL REFERENCES access_review (id),
    action        TEXT NOT NULL CHECK (action IN ('revoke', 'change')),
    detail        TEXT NOT NULL DEFAULT '',
    ticket        TEXT NOT NULL DEFAULT '',
    completed_on  TEXT
) STRICT;

-- The column mapping last used for a system's export. id = the system's id.
CREATE TABLE access_mapping (
    id        TEXT PRIMARY KEY REFERENCES system (id),
    preset    TEXT NOT NULL,
    mapping   TEXT NOT NULL            -- JSON object: field -> header
) STRICT;

-- A signed-off review is a record: the store refuses changes with a clear message, and
-- these triggers make sure nothing else slips past it. Remediation stays writable, since
-- revoking access follows the sign-off.
CREATE TRIGGER access_review_frozen BEFORE UPDATE ON access_review
WHEN OLD.status = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER access_review_frozen_delete BEFORE DELETE ON access_review
WHEN OLD.status = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER review_account_frozen_update BEFORE UPDATE ON review_account
WHEN (SELECT status FROM access_review WHERE id = OLD.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER review_account_frozen_delete BEFORE DELETE ON review_account
WHEN (SELECT status FROM access_review WHERE id = OLD.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER review_decision_frozen_insert BEFORE INSERT ON review_decision
WHEN (SELECT status FROM access_review WHERE id = NEW.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER review_decision_frozen_update BEFORE UPDATE ON review_decision
WHEN (SELECT status FROM access_review WHERE id = OLD.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER review_decision_frozen_delete BEFORE DELETE ON review_decision
WHEN (SELECT status FROM access_review WHERE id = OLD.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;
