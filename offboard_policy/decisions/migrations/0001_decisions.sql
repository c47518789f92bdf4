-- The decision log: one row per check made through the API or `check --record`.
-- Portable SQL (SQLite and PostgreSQL). Times are ISO 8601 UTC text, amounts decimal text.
CREATE TABLE decisions (
    id VARCHAR(32) PRIMARY KEY,
    recorded_at VARCHAR(40) NOT NULL,
    who TEXT NOT NULL,
    source VARCHAR(20) NOT NULL,
    case_id TEXT NOT NULL,
    case_digest TEXT,
    case_json TEXT NOT NULL,
    policy_id TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    policy_digest TEXT NOT NULL,
    policy_path TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    as_of VARCHAR(10) NOT NULL,
    lang VARCHAR(2) NOT NULL,
    verdict VARCHAR(10) NOT NULL,
    total_required TEXT,
    total_proposed TEXT NOT NULL,
    report_json TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions (case_id, recorded_at);
CREATE INDEX decisions_recorded ON decisions (recorded_at);
