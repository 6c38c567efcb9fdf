-- Issue 17: the health authority's watchlist (gatewatch.observation, compacted, key person_token)
-- read as a table: the last entry per person; a tombstone deletes the row. Health data of the most
-- sensitive kind: erased with the person ('gatewatch erase'), purged
-- sink.retention.observation.days after the observation ends (ends_on).
CREATE TABLE observation (
    person_token  text        PRIMARY KEY,
    kind          text        NOT NULL,           -- HOME, CENTRAL (ObservationKind)
    village_code  text        NOT NULL,
    from_date     date        NOT NULL,           -- first local day under observation
    to_date       date        NOT NULL,           -- last local day as ordered
    released_on   date,                           -- the local day of an early release (free from that day)
    updated_at    timestamptz NOT NULL,           -- time of the record that wrote the row
    -- What retention counts from: the later of the ordered end and the release (GREATEST skips NULL).
    ends_on       date        GENERATED ALWAYS AS (GREATEST(to_date, released_on)) STORED
);
-- The report's "every village's observations overlapping these days"; the purger's oldest rows.
CREATE INDEX observation_village_idx ON observation (village_code, from_date);
CREATE INDEX observation_ends_on_idx ON observation (ends_on);
