-- Access reviews that match accounts the way admins name them, and remember the
-- reviewer's corrections per system.
--
-- review_account.matched_by gains the ways an account can now be tied to a person
-- (identity, local part, login pattern, by hand). SQLite cannot change a CHECK in
-- place, so the table is rebuilt with the same columns in the same order: the batch
-- digests in the change log read rows column by column and stay valid.

CREATE TABLE review_account_new (
    id              TEXT PRIMARY KEY,
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
    matched_by      TEXT CHECK (matched_by IN ('email', 'identity', 'local_part', 'login_pattern', 'name', 'hand')),
    flags           INTEGER NOT NULL,
    raw             TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO review_account_new (id, line, identity, display_name, email, roles, account_status, active,
        last_login, mfa, person_id, matched_by, flags, raw)
    SELECT id, line, identity, display_name, email, roles, account_status, active,
        last_login, mfa, person_id, matched_by, flags, raw
    FROM review_account;

DROP TABLE review_account;
ALTER TABLE review_account_new RENAME TO review_account;

CREATE TRIGGER review_account_frozen_update BEFORE UPDATE ON review_account
WHEN (SELECT status FROM access_review WHERE id = OLD.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

CREATE TRIGGER review_account_frozen_delete BEFORE DELETE ON review_account
WHEN (SELECT status FROM access_review WHERE id = OLD.campaign_id) = 'signed_off'
BEGIN SELECT RAISE(ABORT, 'This access review is signed off and can no longer change.'); END;

-- A reviewer's correction, remembered for the system: this account is this person, or
-- is a service / shared account. id = system id || ':' || the identity in lower case.
-- person_id has no foreign key on purpose: a link to someone later removed from the
-- roster is kept, and the account shows that person (by the name kept here) as removed.
CREATE TABLE access_link (
    id            TEXT PRIMARY KEY,
    system_id     TEXT NOT NULL REFERENCES system (id),
    identity      TEXT NOT NULL,
    person_id     TEXT,
    person_name   TEXT NOT NULL DEFAULT '',
    label         TEXT CHECK (label IN ('service', 'shared', 'external')),
    -- The "as of" date of the review in which the link was made.
    linked_in     TEXT NOT NULL,
    campaign_id   TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (label IS NULL))
) STRICT;
