package io.gatewatch.sinks.report;

/** A village in a top list, with the stored value it is ranked by. */
public record VillageRank(int rank, String villageCode, long value) {
}
