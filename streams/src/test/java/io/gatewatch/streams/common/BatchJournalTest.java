package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchJournalTest {
    private KeyValueStore<Long, byte[]> below;
    private BatchJournal journal;

    @BeforeEach
    void init() {
        journal = journalOf(1024);
    }

    private BatchJournal journalOf(int maxBatchBytes) {
        below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("j"), Serdes.Long(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        BatchJournal built = new BatchJournal(below, maxBatchBytes);
        built.init(new MockProcessorContext<>().getStateStoreContext(), built);
        return built;
    }

    @Test
    void shouldWriteTheEntriesOfOneCommitAsOneRecordWhenStreamsFlushesBeforeTheCommit() {
        assertThat(journal.append(bytes("a"), 10)).isZero();
        assertThat(journal.append(bytes("b"), 30)).isZero();
        assertThat(journal.append(bytes("c"), 20)).isZero();
        assertThat(below.approximateNumEntries()).as("nothing written below before the flush").isZero();

        journal.flushCache();

        assertThat(below.approximateNumEntries()).isEqualTo(1);
        assertThat(BatchJournal.maxEventTime(below.get(0L))).isEqualTo(30);
        assertThat(replayed(journal, -1)).containsExactly("a", "b", "c");
        assertThat(journal.append(bytes("d"), 40)).as("the next commit's batch").isEqualTo(1);
    }

    @Test
    void shouldWriteNothingForACommitWithoutEntries() {
        journal.flushCache();
        journal.flushCache();

        assertThat(below.approximateNumEntries()).isZero();
        assertThat(journal.lastSeq()).isEqualTo(-1);
    }

    @Test
    void shouldStartANewBatchBeforeOneWouldOutgrowItsLimit() {
        BatchJournal small = journalOf(64);
        long first = small.append(new byte[30], 1);
        long second = small.append(new byte[30], 2);
        small.flushCache();

        assertThat(first).isZero();
        assertThat(second).isEqualTo(1);
        try (KeyValueIterator<Long, byte[]> all = below.all()) {
            all.forEachRemaining(batch -> assertThat(batch.value.length).isLessThanOrEqualTo(64));
        }
        assertThat(below.approximateNumEntries()).isEqualTo(2);
    }

    @Test
    void shouldReplayOnlyTheBatchesAfterTheOneAnIndexAlreadyHolds() {
        journal.append(bytes("first"), 1);
        journal.flushCache();
        journal.append(bytes("second"), 2);
        journal.flushCache();
        journal.append(bytes("third"), 3);
        journal.flushCache();

        assertThat(replayed(journal, 0)).containsExactly("second", "third");
        assertThat(replayed(journal, 2)).isEmpty();
    }

    @Test
    void shouldDropTheOpenBatchWhenATasksUncommittedWorkIsThrownAway() {
        journal.append(bytes("committed"), 1);
        journal.flushCache();
        journal.append(bytes("uncommitted"), 2);

        journal.clearCache();
        journal.flushCache();

        assertThat(replayed(journal, -1)).containsExactly("committed");
    }

    @Test
    void shouldDeleteTheOldestBatchesOnceTheirNewestEntryIsOutOfRetention() {
        journal.append(bytes("old"), 100);
        journal.flushCache();
        journal.append(bytes("older but in a later batch"), 50);
        journal.append(bytes("young"), 500);
        journal.flushCache();

        assertThat(journal.expireBefore(200)).isEqualTo(1);

        assertThat(replayed(journal, -1)).containsExactly("older but in a later batch", "young");
        assertThat(journal.expireBefore(200)).isZero();
    }

    @Test
    void shouldFindItsNewestBatchAgainAfterARestartOnTheSameStore() {
        journal.append(bytes("a"), 1);
        journal.flushCache();
        journal.append(bytes("b"), 2);
        journal.flushCache();

        BatchJournal restarted = new BatchJournal(below, 1024);

        assertThat(restarted.lastSeq()).isEqualTo(1);
        assertThat(restarted.append(bytes("c"), 3)).isEqualTo(2);
    }

    @Test
    void shouldNumberNewBatchesAfterOnesAnIndexHeardOfButThatNeverCommitted() {
        journal.append(bytes("a"), 1);
        journal.flushCache();

        journal.continueAfter(7);

        assertThat(journal.append(bytes("b"), 2)).isEqualTo(8);
        journal.flushCache();
        assertThat(journal.lastSeq()).isEqualTo(8);
    }

    @Test
    void shouldHaveAChangelogThatTheBrokerAlsoDeletesByTimeNotOnlyCompacts() {
        var builder = BatchJournal.builder("sightings-journal", java.time.Duration.ofMinutes(10));

        assertThat(builder.loggingEnabled()).isTrue();
        assertThat(builder.logConfig()).containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.ms", String.valueOf(java.time.Duration.ofMinutes(10).plusDays(1).toMillis()));
    }

    private static List<String> replayed(BatchJournal journal, long afterSeq) {
        List<String> entries = new ArrayList<>();
        journal.replayAfter(afterSeq, (seq, entry) -> entries.add(StandardCharsets.UTF_8.decode(entry).toString()));
        return entries;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
