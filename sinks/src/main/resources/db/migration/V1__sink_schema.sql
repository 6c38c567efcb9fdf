-- GateWatch sink schema. Every table that a Kafka topic feeds is written by the PostgreSQL sink in
-- one transaction together with the consumer offsets (sink_offsets), so each row reflects the
-- topic contents exactly once. Times are timestamptz (UTC instants); area codes are the 12-digit
-- statistical division codes (or checkpoint ids at CHECKPOINT level).

-- Consumer positions: the only offsets the sink trusts. next_offset = offset of the next record
-- to read. Updated in the same transaction as the rows it covers.
CREATE TABLE sink_offsets (
    group_id     text        NOT NULL,
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    next_offset  bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);

-- Alerts from gatewatch.alerts.* and gatewatch.faults.device. alert_id is deterministic upstream,
-- so a replayed alert is the same row (ON CONFLICT DO NOTHING).
CREATE TABLE alert (
    alert_id              text        PRIMARY KEY,
    alert_type            text        NOT NULL,
    severity              text        NOT NULL,
    severity_rank         smallint    NOT NULL,
    rule                  text        NOT NULL,
    event_id              text        NOT NULL,
    source                text        NOT NULL,
    device_id             text        NOT NULL,
    checkpoint_id         text        NOT NULL,
    village_code          text        NOT NULL,
    person_token          text,
    temperature_celsius   double precision,
    raw_temperature       double precision,
    raw_temperature_unit  text,
    raw_body_site         text,
    ambient_celsius       double precision,
    health_code           text,
    related_checkpoints   text[]      NOT NULL DEFAULT '{}',
    scanned_at            timestamptz NOT NULL,
    detected_at           timestamptz NOT NULL,
    kafka_topic           text        NOT NULL,
    kafka_partition       integer     NOT NULL,
    kafka_offset          bigint      NOT NULL,
    stored_at             timestamptz NOT NULL DEFAULT now()
);
-- "alerts in this county/township/village since T": prefix match on the village code.
CREATE INDEX alert_area_time_idx ON alert (village_code text_pattern_ops, scanned_at);
-- "fever alerts since T", "RED codes today".
CREATE INDEX alert_type_time_idx ON alert (alert_type, scanned_at);
-- device status: fault alerts per device.
CREATE INDEX alert_device_fault_idx ON alert (device_id, detected_at)
    WHERE alert_type IN ('DEVICE_FAULT', 'DEVICE_FAULT_RATE');

-- Windowed figures from gatewatch.counts.hourly / gatewatch.counts.daily; one row per AreaCountKey,
-- upserted with every update (the latest update in topic order wins).
CREATE TABLE area_count (
    area_level        text        NOT NULL,
    area_code         text        NOT NULL,
    window_size       text        NOT NULL,
    window_start      timestamptz NOT NULL,
    window_end        timestamptz NOT NULL,
    time_zone         text        NOT NULL,
    scans             bigint      NOT NULL,
    distinct_persons  bigint      NOT NULL,
    fevers            bigint      NOT NULL,
    yellow_codes      bigint      NOT NULL,
    red_codes         bigint      NOT NULL,
    device_faults     bigint      NOT NULL,
    visitors          bigint      NOT NULL,
    vehicles          bigint      NOT NULL,
    gate_scans        bigint      NOT NULL,
    phone_app_scans   bigint      NOT NULL,
    staff_scans       bigint      NOT NULL,
    clinic_scans      bigint      NOT NULL,
    pharmacy_scans    bigint      NOT NULL,
    is_final          boolean     NOT NULL,
    updated_at        timestamptz NOT NULL,
    kafka_topic       text        NOT NULL,
    kafka_partition   integer     NOT NULL,
    kafka_offset      bigint      NOT NULL,
    PRIMARY KEY (area_level, area_code, window_size, window_start)
);
-- "every village under county 110101, daily, last week": prefix + time across levels.
CREATE INDEX area_count_area_time_idx ON area_count (area_code text_pattern_ops, window_size, window_start);
-- "all areas for this hour/day" (report generation).
CREATE INDEX area_count_window_idx ON area_count (window_size, window_start);

-- Refused scans from gatewatch.scans.rejected, summarised per hour (record time, UTC) and reason.
CREATE TABLE rejected_scan_summary (
    hour_start     timestamptz NOT NULL,
    reason         text        NOT NULL,
    source_topic   text        NOT NULL,
    rejected       bigint      NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    PRIMARY KEY (hour_start, reason, source_topic)
);

-- The most recent refused scans (bounded: the sink prunes to rejected.detail.max.rows). Holds
-- where a record came from and why it was refused, never its payload: the payload may carry
-- personal data and stays in Kafka under its coordinates until the topic's retention removes it.
CREATE TABLE rejected_scan_detail (
    id                 bigserial   PRIMARY KEY,
    rejected_partition integer     NOT NULL,
    rejected_offset    bigint      NOT NULL,
    record_time        timestamptz NOT NULL,
    reason             text        NOT NULL,
    message            text,
    source_topic       text,
    source_partition   integer,
    source_offset      bigint,
    key_size           integer     NOT NULL,
    value_size         integer     NOT NULL,
    UNIQUE (rejected_partition, rejected_offset)
);
CREATE INDEX rejected_scan_detail_time_idx ON rejected_scan_detail (record_time);

-- Scans that arrived after their window closed (gatewatch.scans.late), per event hour and device:
-- how many figures miss them, and which gates upload late.
CREATE TABLE late_scan_summary (
    hour_start     timestamptz NOT NULL,
    device_id      text        NOT NULL,
    source         text        NOT NULL,
    village_code   text,
    late_scans     bigint      NOT NULL,
    first_scan_at  timestamptz NOT NULL,
    last_scan_at   timestamptz NOT NULL,
    PRIMARY KEY (hour_start, device_id)
);
CREATE INDEX late_scan_summary_village_idx ON late_scan_summary (village_code text_pattern_ops, hour_start);

-- The device registry as last seen on gatewatch.devices (a tombstone sets retired_at).
CREATE TABLE device_registration (
    device_id                  text        PRIMARY KEY,
    checkpoint_id              text,
    village_code               text,
    kind                       text,
    body_site                  text,
    unit                       text,
    calibration_offset_celsius double precision,
    registered_at              timestamptz,
    retired_at                 timestamptz,
    kafka_offset               bigint      NOT NULL
);
CREATE INDEX device_registration_village_idx ON device_registration (village_code text_pattern_ops);

-- Device status: registration joined with its fault alerts. A view, so it is derived from rows the
-- sink already writes exactly once and can never drift from them.
CREATE VIEW device_status AS
SELECT coalesce(r.device_id, f.device_id)            AS device_id,
       coalesce(r.checkpoint_id, f.checkpoint_id)    AS checkpoint_id,
       coalesce(r.village_code, f.village_code)      AS village_code,
       r.kind,
       r.registered_at,
       r.retired_at,
       r.device_id IS NOT NULL AND r.retired_at IS NULL AS active,
       coalesce(f.fault_alerts, 0)                   AS fault_alerts,
       f.last_fault_at,
       f.last_fault_type
FROM device_registration r
FULL OUTER JOIN (
    SELECT DISTINCT ON (device_id)
           device_id,
           checkpoint_id,
           village_code,
           count(*) OVER (PARTITION BY device_id) AS fault_alerts,
           detected_at                            AS last_fault_at,
           alert_type                             AS last_fault_type
    FROM alert
    WHERE alert_type IN ('DEVICE_FAULT', 'DEVICE_FAULT_RATE')
    ORDER BY device_id, detected_at DESC
) f ON f.device_id = r.device_id;

-- Records the sink could not decode (poison): where they are and why, never their bytes. Written
-- in the same transaction as the offsets that skip them, so none is lost or counted twice.
CREATE TABLE sink_dead_letter (
    kafka_topic      text        NOT NULL,
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    record_time      timestamptz NOT NULL,
    error            text        NOT NULL,
    key_size         integer     NOT NULL,
    value_size       integer     NOT NULL,
    stored_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)
);
