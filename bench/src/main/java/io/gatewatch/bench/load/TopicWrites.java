package io.gatewatch.bench.load;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a phase wrote to the broker, per topic: the growth of each topic's end offsets (records and,
 * under exactly-once, transaction markers: both are appends the broker handles) per input record.
 * Internal topics are named by application and store or repartition ({@code screening: …-changelog})
 * instead of their generated application ids, so runs compare.
 */
final class TopicWrites {
    /** The harness's application ids: {@code bench-<name>-<base-36 nanos>-}. */
    private static final Pattern APPLICATION_ID = Pattern.compile("^bench-([a-z]+)-[0-9a-z]+-");

    private TopicWrites() {}

    /** Sum of end offsets per topic. */
    static Map<String, Long> snapshot(Offsets offsets, Collection<String> topics) {
        Map<String, Long> ends = new TreeMap<>();
        try {
            offsets.ends(offsets.partitions(topics)).forEach((tp, end) -> ends.merge(tp.topic(), end, Long::sum));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read end offsets", e);
        }
        return ends;
    }

    /**
     * Offsets written per input record, by (readable) topic, from two snapshots; topics that did not
     * grow are left out, and "all" sums the rest.
     */
    static Map<String, Double> perInputRecord(Map<String, Long> before, Map<String, Long> after, long inputRecords) {
        Map<String, Double> per = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> end : after.entrySet()) {
            long written = end.getValue() - before.getOrDefault(end.getKey(), 0L);
            if (written > 0) {
                per.merge(readable(end.getKey()), ratio(written, inputRecords), Double::sum);
                total += written;
            }
        }
        per.put("all", ratio(total, inputRecords));
        return per;
    }

    /** {@code bench-screening-1a2b-screening-dedupe-changelog} → {@code screening: screening-dedupe-changelog}. */
    static String readable(String topic) {
        var matcher = APPLICATION_ID.matcher(topic);
        return matcher.find() ? matcher.group(1) + ": " + topic.substring(matcher.end()) : topic;
    }

    private static double ratio(long written, long inputRecords) {
        return inputRecords == 0 ? 0 : Math.round(written * 1000.0 / inputRecords) / 1000.0;
    }
}
