package io.gatewatch.sinks.report;

import java.util.List;

/** A checkpoint with devices registered in the area on that day and no stored scan that day. */
record SilentCheckpoint(String checkpointId, String villageCode, List<String> deviceIds) {
}
