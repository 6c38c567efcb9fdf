-- Checkpoints get a kind and a name (DeviceRegistration v2). Rows written before are gates without a
-- name: readers show the checkpoint id. A registration marked retired sets retired_at (to the time it
-- was written), like a tombstone, so device_status and the report treat both alike.
ALTER TABLE device_registration ADD COLUMN checkpoint_kind text;
ALTER TABLE device_registration ADD COLUMN checkpoint_name text;
UPDATE device_registration SET checkpoint_kind = 'GATE' WHERE checkpoint_id IS NOT NULL;

-- The area gazetteer: names of statistical divisions (2-digit province, 4 city, 6 county, 9 township,
-- 12 village/community), written by `gatewatch areas import`. A code without a row is shown as the code.
CREATE TABLE area_name (
    code       text        PRIMARY KEY CHECK (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'),
    name       text        NOT NULL,
    name_en    text,
    updated_at timestamptz NOT NULL
);
