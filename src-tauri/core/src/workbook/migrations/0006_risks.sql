-- The risk register behind CC3: each risk scored before (inherent) and after (residual)
-- its controls, the systems it touches, the checklist items that act as its controls,
-- edited meanings of the scale levels, and the "risk assessment performed" sign-offs.
-- The risk appetite lives in `setting` (key 'risk_appetite').

CREATE TABLE risk (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description          TEXT NOT NULL DEFAULT '',
    category             TEXT NOT NULL CHECK (category IN ('security', 'availability', 'confidentiality', 'privacy',
                             'processing_integrity', 'fraud', 'vendor', 'people', 'business_change')),
    owner_id             TEXT REFERENCES person (id),
    likelihood           INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact               INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    treatment            TEXT NOT NULL DEFAULT 'mitigate' CHECK (treatment IN ('mitigate', 'accept', 'transfer', 'avoid')),
    treatment_notes      TEXT NOT NULL DEFAULT '',
    residual_likelihood  INTEGER NOT NULL CHECK (residual_likelihood BETWEEN 1 AND 5),
    residual_impact      INTEGER NOT NULL CHECK (residual_impact BETWEEN 1 AND 5),
    status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_treatment', 'treated', 'closed')),
    review_date          TEXT,
    -- A formal acceptance of the residual risk; any treatment may carry one, and
    -- treatment 'accept' always does.
    accepted_by          TEXT REFERENCES person (id),
    accepted_on          TEXT,
    acceptance_reason    TEXT NOT NULL DEFAULT '',
    library_ref          TEXT,               -- key in assets/catalog/risks.json, e.g. "R-SEC-01"
    CHECK (treatment <> 'accept'
           OR (accepted_by IS NOT NULL AND accepted_on IS NOT NULL AND length(trim(acceptance_reason)) > 0)),
    CHECK ((accepted_by IS NULL) = (accepted_on IS NULL))
) STRICT;
CREATE UNIQUE INDEX risk_title ON risk (lower(trim(title)));

-- Systems a risk affects. id = risk id || '/' || system id.
CREATE TABLE risk_system (
    id         TEXT PRIMARY KEY,
    risk_id    TEXT NOT NULL REFERENCES risk (id),
    system_id  TEXT NOT NULL REFERENCES system (id)
) STRICT;

-- Checklist items that act as a risk's controls. id = risk id || '/' || item id.
CREATE TABLE risk_control (
    id        TEXT PRIMARY KEY,
    risk_id   TEXT NOT NULL REFERENCES risk (id),
    item_id   TEXT NOT NULL REFERENCES checklist_item (id)
) STRICT;

-- A level's meaning as the workbook's team wrote it; levels without a row use our
-- default text. id = dimension || '/' || level, e.g. 'impact/4'.
CREATE TABLE risk_scale (
    id         TEXT PRIMARY KEY,
    dimension  TEXT NOT NULL CHECK (dimension IN ('likelihood', 'impact')),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    label      TEXT NOT NULL CHECK (length(trim(label)) > 0),
    meaning    TEXT NOT NULL CHECK (length(trim(meaning)) > 0),
    UNIQUE (dimension, level)
) STRICT;

-- "Risk assessment performed": who signed it off, on which day, and how it was done.
CREATE TABLE risk_signoff (
    id          TEXT PRIMARY KEY,
    signed_by   TEXT NOT NULL REFERENCES person (id),
    signed_on   TEXT NOT NULL,
    method      TEXT NOT NULL CHECK (length(trim(method)) > 0),
    risk_count  INTEGER NOT NULL
) STRICT;
