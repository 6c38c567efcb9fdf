package io.gatewatch.producers.sim;

import io.gatewatch.schema.ScanEvent;
import java.time.Instant;

/**
 * One record the simulator sends to {@link io.gatewatch.schema.Topics#SCANS}, in the order of
 * {@link #emitAt()}: the simulated moment it leaves the device (later than the scan's event time
 * when the gate was offline).
 */
public sealed interface SimRecord permits SimRecord.Scan, SimRecord.Malformed {

    /** When the record is sent, in simulated time. */
    Instant emitAt();

    /** The record key: the reporting device id. */
    String deviceId();

    /**
     * A scan; {@code duplicate} marks a resend of an event already sent (same event id and content).
     */
    record Scan(ScanEvent event, Instant emitAt, boolean duplicate) implements SimRecord {
        @Override
        public String deviceId() {
            return event.getDeviceId();
        }
    }

    /**
     * Bytes that are not a valid ScanEvent in the Confluent wire format, sent with a normal key:
     * what a misconfigured device or a broken gateway produces.
     */
    record Malformed(String deviceId, MalformedKind kind, byte[] value, Instant emitAt) implements SimRecord {}

    /** What is wrong with a malformed record. */
    enum MalformedKind {
        /** JSON text where Avro was expected: no magic byte. */
        NOT_WIRE_FORMAT,
        /** The wire-format header names a schema id no registry holds. */
        UNKNOWN_SCHEMA_ID
    }
}
