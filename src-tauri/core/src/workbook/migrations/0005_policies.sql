-- Policies: one row per policy from our library, its versions (a draft, in review, or
-- approved; approved versions are frozen), and who acknowledged which version.

CREATE TABLE policy (
    id            TEXT PRIMARY KEY,          -- the template key, e.g. "access-control"
    title         TEXT NOT NULL,
    owner_role    TEXT NOT NULL,
    review_months INTEGER NOT NULL DEFAULT 12,
    criteria      TEXT NOT NULL DEFAULT '[]' -- JSON array of criterion ids
) STRICT;

CREATE TABLE policy_version (
    id            TEXT PRIMARY KEY,
    policy_id     TEXT NOT NULL REFERENCES policy (id),
    number        INTEGER NOT NULL,
    body          TEXT NOT NULL,             -- markdown with {{placeholders}}
    status        TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'superseded')),
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    approved_by   TEXT REFERENCES person (id),
    approved_at   TEXT,
    next_review   TEXT,
    approved_text TEXT,                      -- the filled text as approved, frozen
    UNIQUE (policy_id, number),
    CHECK (status NOT IN ('approved', 'superseded') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL))
) STRICT;

CREATE TABLE policy_ack (
    id           TEXT PRIMARY KEY,           -- version id || '/' || person id
    version_id   TEXT NOT NULL REFERENCES policy_version (id),
    person_id    TEXT NOT NULL REFERENCES person (id),
    acknowledged_at TEXT NOT NULL
) STRICT;
