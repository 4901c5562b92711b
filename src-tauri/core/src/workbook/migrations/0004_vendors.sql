-- Third parties: the vendor inventory, the assurance each gives, the complementary user
-- entity controls (CUECs) their reports ask of us, and which are subservice organisations.

CREATE TABLE vendor (
    id                     TEXT PRIMARY KEY,
    name                   TEXT NOT NULL CHECK (length(trim(name)) > 0),
    service                TEXT NOT NULL DEFAULT '',
    category               TEXT NOT NULL DEFAULT 'other',
    owner_id               TEXT REFERENCES person (id),
    website                TEXT NOT NULL DEFAULT '',
    data_classification    TEXT NOT NULL DEFAULT 'internal'
                           CHECK (data_classification IN ('public', 'internal', 'confidential', 'restricted')),
    customer_data          INTEGER NOT NULL DEFAULT 0 CHECK (customer_data IN (0, 1)),
    access_level           TEXT NOT NULL DEFAULT 'none' CHECK (access_level IN ('none', 'read', 'write', 'admin')),
    criticality            TEXT NOT NULL DEFAULT 'medium' CHECK (criticality IN ('low', 'medium', 'high')),
    tier_override          TEXT CHECK (tier_override IN ('critical', 'high', 'medium', 'low')),
    tier_override_reason   TEXT NOT NULL DEFAULT '',
    contract_start         TEXT,
    contract_renewal       TEXT,
    assurance              TEXT NOT NULL DEFAULT 'none'
                           CHECK (assurance IN ('soc2_type2', 'soc2_type1', 'soc1', 'iso27001', 'none')),
    report_period_end      TEXT,
    report_received        TEXT,
    bridge_letter          INTEGER NOT NULL DEFAULT 0 CHECK (bridge_letter IN (0, 1)),
    opinion                TEXT NOT NULL DEFAULT 'unknown' CHECK (opinion IN ('unqualified', 'qualified', 'unknown')),
    exceptions             TEXT NOT NULL DEFAULT '',
    dpa_signed             TEXT,            -- date signed; NULL when there is none
    questionnaire_date     TEXT,
    questionnaire_outcome  TEXT NOT NULL DEFAULT '',
    subservice             TEXT NOT NULL DEFAULT 'no' CHECK (subservice IN ('no', 'carve_out', 'inclusive')),
    last_review            TEXT,
    -- A tier set by hand always says why.
    CHECK (tier_override IS NULL OR length(trim(tier_override_reason)) > 0)
) STRICT;
CREATE UNIQUE INDEX vendor_name ON vendor (lower(trim(name)));

-- Systems a vendor supports. id = vendor id || '/' || system id.
CREATE TABLE vendor_system (
    id         TEXT PRIMARY KEY,
    vendor_id  TEXT NOT NULL REFERENCES vendor (id),
    system_id  TEXT NOT NULL REFERENCES system (id)
) STRICT;

-- Evidence about a vendor (its SOC report, DPA, questionnaire). id = vendor id || '/' || evidence id.
CREATE TABLE vendor_evidence (
    id           TEXT PRIMARY KEY,
    vendor_id    TEXT NOT NULL REFERENCES vendor (id),
    evidence_id  TEXT NOT NULL REFERENCES evidence (id)
) STRICT;

-- Complementary user entity controls a vendor's report lists.
CREATE TABLE cuec (
    id           TEXT PRIMARY KEY,
    vendor_id    TEXT NOT NULL REFERENCES vendor (id),
    description  TEXT NOT NULL CHECK (length(trim(description)) > 0)
) STRICT;

-- Checklist items that fulfil a CUEC. id = cuec id || '/' || item id.
CREATE TABLE cuec_item (
    id       TEXT PRIMARY KEY,
    cuec_id  TEXT NOT NULL REFERENCES cuec (id),
    item_id  TEXT NOT NULL REFERENCES checklist_item (id)
) STRICT;
