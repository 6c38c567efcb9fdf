-- Retention (issue 18): the sink's RetentionPurger deletes rows older than sink.retention.*.days in
-- batches by the time column below; these indexes let it find the oldest rows without a table scan.
-- rejected_scan_detail (record_time) is indexed since V1; rejected_scan_summary and late_scan_summary
-- lead their primary keys with hour_start.
CREATE INDEX alert_scanned_at_idx ON alert (scanned_at);
CREATE INDEX area_count_window_start_idx ON area_count (window_start);
CREATE INDEX sink_dead_letter_stored_at_idx ON sink_dead_letter (stored_at);

-- Erasure (issue 18): one row per `gatewatch erase`, what it deleted from each table. Never the
-- person's identity or token: the audit proves an erasure happened, not whom it concerned. reference is
-- the operator's request number (free text, optional; it must not name the person).
CREATE TABLE erasure_audit (
    id             bigserial   PRIMARY KEY,
    erased_at      timestamptz NOT NULL DEFAULT now(),
    reference      text,
    deleted_rows   jsonb       NOT NULL
);
-- Looked up by person token when erasing.
CREATE INDEX alert_person_token_idx ON alert (person_token) WHERE person_token IS NOT NULL;
