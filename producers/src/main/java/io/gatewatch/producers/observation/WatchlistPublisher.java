package io.gatewatch.producers.observation;

import io.gatewatch.producers.compacted.CompactedRegistry;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.ObservationPeriod;
import io.gatewatch.schema.Topics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * The health authority's watchlist on {@link Topics#OBSERVATION} (compacted, key person token,
 * placed by {@link ObservationPartitioning} so an entry meets the person's scans in one screening
 * task). Every change is one Kafka transaction (transactional id {@value #TRANSACTIONAL_ID}, so a
 * second writer fences a stalled first one), so read-committed readers (the screening, the sink)
 * see a whole file or none of it. Idempotent: only entries that differ from the current watchlist
 * are written, so writing the same file again changes nothing.
 *
 * <p><b>Retention.</b> Observation status is health data of the most sensitive kind: an entry is
 * kept while the observation runs and for a set number of days after its last day (for the
 * figures and follow-up), then {@link #expire} removes it with a tombstone, which compaction turns
 * into the record's deletion. Not thread-safe; one per command, closed after use.
 */
public final class WatchlistPublisher implements AutoCloseable {
    public static final String TRANSACTIONAL_ID = "gatewatch-observation-writer";

    private final CompactedRegistry<ObservationEntry> watchlist;

    public WatchlistPublisher(CompactedRegistry<ObservationEntry> watchlist) {
        this.watchlist = watchlist.partitionedBy(ObservationPartitioning::partitionOf);
    }

    /** A publisher from the ingest settings ({@code bootstrap.servers}, {@code schema.registry.url}, {@code kafka.*}). */
    public static WatchlistPublisher create(AbstractConfig config) {
        Map<String, Object> serde = IngestCommonConfig.serdeProps(config);
        return new WatchlistPublisher(new CompactedRegistry<>(Topics.OBSERVATION, TRANSACTIONAL_ID, ObservationEntry.class,
                ObservationEntry::getPersonToken, IngestCommonConfig.producerProps(config), IngestCommonConfig.consumerProps(config),
                SchemaRegistryClients.create(serde), serde));
    }

    /**
     * Writes the entries that differ from the current watchlist in one transaction; returns how
     * many. Nothing is visible unless all were written.
     */
    public int publish(List<ObservationEntry> entries) {
        List<ObservationEntry> changes = watchlist.changes(watchlist.current(), entries);
        watchlist.publish(changes);
        return changes.size();
    }

    /**
     * Removes, in one transaction, every entry that has held nobody for more than {@code keepDays}
     * days by {@code today} (counted from its first free day: the release day, or the day after the
     * last ordered one); returns the tokens removed.
     */
    public List<String> expire(LocalDate today, int keepDays) {
        if (keepDays < 0) {
            throw new IllegalArgumentException("keepDays must not be negative, was " + keepDays);
        }
        List<String> expired = watchlist.current().values().stream()
                .filter(entry -> ObservationPeriod.firstFreeDay(entry).plusDays(keepDays).isBefore(today))
                .map(ObservationEntry::getPersonToken)
                .toList();
        watchlist.remove(expired);
        return expired;
    }

    @Override
    public void close() {
        watchlist.close();
    }
}
