-- Issue 16: a late scan is filed under the village and checkpoint the counts placed it in (headers
-- gatewatch.late.village.code / gatewatch.late.checkpoint.id), not the village its source reported.
-- The village and checkpoint join the row's identity, so a device moved mid-hour gets one row per
-- place and no row's village depends on which record arrived first.
--
-- late_scans counts late records: one per window size a scan missed, so a scan that missed its hour
-- and its day counts twice. missed_hour and missed_day split it: hourly figures plus missed_hour (and
-- daily figures plus missed_day) reconcile with the scans screened.
-- Rows written before this migration keep the village their source reported and 0 in both splits.
ALTER TABLE late_scan_summary
    ADD COLUMN checkpoint_id text,
    ADD COLUMN missed_hour   bigint NOT NULL DEFAULT 0,
    ADD COLUMN missed_day    bigint NOT NULL DEFAULT 0;
ALTER TABLE late_scan_summary DROP CONSTRAINT late_scan_summary_pkey;
CREATE UNIQUE INDEX late_scan_summary_key ON late_scan_summary
    (hour_start, device_id, (coalesce(village_code, '')), (coalesce(checkpoint_id, '')));
