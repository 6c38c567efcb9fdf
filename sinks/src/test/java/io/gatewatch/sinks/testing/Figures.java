package io.gatewatch.sinks.testing;

import java.util.Map;
import java.util.Set;

/**
 * What the sink's tables should say about a set of topics, computed independently from either
 * side: from the topics themselves ({@link TopicContents}) and from the database
 * ({@link StoredContents}). Equal figures mean every record's effect landed exactly once.
 */
public record Figures(
        Set<String> alertIds,
        Map<String, Long> scansPerCountKey,
        Map<String, Long> rejectedPerReason,
        Map<String, Long> lateScansPerDevice,
        Map<String, Boolean> retiredPerDevice,
        long deadLetters) {

    public static String countKey(Object level, String areaCode, Object window, long windowStartMillis) {
        return level + "|" + areaCode + "|" + window + "|" + windowStartMillis;
    }
}
