package io.gatewatch.sinks.report;

/** A village in a top list, with the stored value it is ranked by. */
record VillageRank(int rank, String villageCode, long value) {
}
