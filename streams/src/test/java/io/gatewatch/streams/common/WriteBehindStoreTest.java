package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {
    private KeyValueStore<String, Long> below;
    private KeyValueStore<String, Long> store;

    @BeforeEach
    void init() {
        below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        store = new WriteBehindStore<>(below);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void shouldWriteOnlyTheLatestValueOfAKeyDownWhenStreamsFlushesBeforeACommit() {
        store.put("clock", 1L);
        store.put("clock", 2L);

        assertThat(store.get("clock")).isEqualTo(2L);
        assertThat(below.get("clock")).as("nothing written below before the flush").isNull();

        ((WriteBehindStore<String, Long>) store).flushCache();

        assertThat(below.get("clock")).isEqualTo(2L);
    }

    @Test
    void shouldWriteDownBeforeARangeReadSoItSeesEveryPut() {
        below.put("a", 1L);
        store.put("b", 2L);

        List<KeyValue<String, Long>> all = new ArrayList<>();
        try (KeyValueIterator<String, Long> iterator = store.all()) {
            iterator.forEachRemaining(all::add);
        }

        assertThat(all).containsExactly(KeyValue.pair("a", 1L), KeyValue.pair("b", 2L));
    }

    @Test
    void shouldDeleteAPendingPutAndTheStoredValue() {
        below.put("a", 1L);
        store.put("a", 2L);

        assertThat(store.delete("a")).isEqualTo(2L);
        ((WriteBehindStore<String, Long>) store).flushCache();

        assertThat(store.get("a")).isNull();
        assertThat(below.get("a")).isNull();
    }

    @Test
    void shouldForgetPendingPutsWhenReinitialisedAfterAFailure() {
        store.put("a", 1L);

        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        ((WriteBehindStore<String, Long>) store).flushCache();

        assertThat(store.get("a")).isNull();
    }
}
