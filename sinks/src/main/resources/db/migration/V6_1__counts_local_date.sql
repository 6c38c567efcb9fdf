-- Issue 16: counts carry the local date and local start of their window (AreaCount.localDate /
-- localStart, in the figure's time_zone), so no reader redoes the time-zone arithmetic:
-- a DAY figure for 2026-12-06 in Asia/Shanghai has window_start 2026-12-05T16:00Z and local_date
-- 2026-12-06. NULL for figures the counts wrote before they carried them (not backfilled here:
-- PostgreSQL and Java do not read every zone id alike, e.g. '+08:00').
-- Numbered 6.1: V6 is this branch's late-scan change, V5 another's.
ALTER TABLE area_count
    ADD COLUMN local_date  date,
    ADD COLUMN local_start timestamp;
-- "every village's figure for local day D".
CREATE INDEX area_count_local_date_idx ON area_count (window_size, local_date);
