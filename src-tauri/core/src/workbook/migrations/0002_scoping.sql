-- Scoping: the criteria catalog (reference data), scope decisions, people, systems and
-- the system description.

-- Catalog tables: our own text from assets/catalog/criteria.json, replaced whole when a
-- newer catalog ships (see catalog::criteria::sync). Not audited: nobody edits them.
CREATE TABLE criteria_category (
    key              TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    always_in_scope  INTEGER NOT NULL,
    summary          TEXT NOT NULL,
    when_to_include  TEXT NOT NULL,
    sort             INTEGER NOT NULL
) STRICT;

CREATE TABLE criteria_series (
    key       TEXT PRIMARY KEY,
    category  TEXT NOT NULL,
    name      TEXT NOT NULL,
    summary   TEXT NOT NULL,
    sort      INTEGER NOT NULL
) STRICT;

CREATE TABLE criterion (
    id        TEXT PRIMARY KEY,
    category  TEXT NOT NULL,
    series    TEXT NOT NULL,
    title     TEXT NOT NULL,
    summary   TEXT NOT NULL,
    guidance  TEXT NOT NULL,   -- JSON array of sentences
    sort      INTEGER NOT NULL
) STRICT;

-- The audit's scope: one row.
CREATE TABLE scope (
    id            TEXT PRIMARY KEY CHECK (id = 'scope'),
    report_type   TEXT NOT NULL DEFAULT 'type1' CHECK (report_type IN ('type1', 'type2')),
    as_of_date    TEXT,            -- Type I: the "as of" date
    period_start  TEXT,            -- Type II: the observation period
    period_end    TEXT,
    system_name   TEXT NOT NULL DEFAULT ''
) STRICT;

-- Which categories are in scope, with the reasoning. Rows are never deleted: taking a
-- category out of scope hides its work, it does not remove it.
CREATE TABLE scope_category (
    id         TEXT PRIMARY KEY,   -- the category key
    in_scope   INTEGER NOT NULL CHECK (in_scope IN (0, 1)),
    rationale  TEXT NOT NULL DEFAULT '',
    CHECK (id <> 'security' OR in_scope = 1)
) STRICT;

CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email        TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    department   TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'contractor', 'left')),
    start_date   TEXT,
    end_date     TEXT,
    roles        TEXT NOT NULL DEFAULT '[]'   -- JSON array of role keys, sorted
) STRICT;
CREATE UNIQUE INDEX person_email ON person (lower(email)) WHERE email <> '';

CREATE TABLE system (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind                 TEXT NOT NULL CHECK (kind IN ('application', 'infrastructure', 'data_store', 'saas', 'endpoints', 'network')),
    description          TEXT NOT NULL DEFAULT '',
    owner_id             TEXT REFERENCES person (id) ON DELETE SET NULL,
    hosting              TEXT NOT NULL DEFAULT '',
    data_classification  TEXT NOT NULL DEFAULT 'internal' CHECK (data_classification IN ('public', 'internal', 'confidential', 'restricted')),
    in_scope             INTEGER NOT NULL CHECK (in_scope IN (0, 1)),
    scope_reason         TEXT NOT NULL DEFAULT '',
    holds_customer_data  INTEGER NOT NULL DEFAULT 0 CHECK (holds_customer_data IN (0, 1)),
    -- Out of scope always says why: an auditor asks about every exclusion.
    CHECK (in_scope = 1 OR length(trim(scope_reason)) > 0)
) STRICT;

-- System description sections (DC1..DC9); prompts come from the catalog.
CREATE TABLE description_section (
    id    TEXT PRIMARY KEY,
    body  TEXT NOT NULL
) STRICT;
