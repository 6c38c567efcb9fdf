-- Why each poison record was set aside: one of a small fixed set (io.gatewatch.sinks.poison.PoisonReason,
-- also the reason tag of gatewatch_sink_dead_lettered_total): undeserializable, contract_violation,
-- invalid_text, out_of_range, data_exception, constraint_violation, mapping_error. Rows written before
-- this column existed were all undecodable or broke their topic's contract: 'unknown' says so honestly.
ALTER TABLE sink_dead_letter ADD COLUMN reason text NOT NULL DEFAULT 'unknown';
ALTER TABLE sink_dead_letter ALTER COLUMN reason DROP DEFAULT;
CREATE INDEX sink_dead_letter_reason_idx ON sink_dead_letter (reason, stored_at);
