package io.gatewatch.streams.screening;

import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The device registry ({@link Topics#DEVICES}) as a global store ({@link ScreeningNames#DEVICE_REGISTRY_STORE}),
 * and the screening tasks' view of it.
 *
 * <p>The store is filled as a global table fills it (a registration replaces the device's entry, a
 * tombstone removes it), by a global processor that also counts every change in a version shared by
 * the topology's tasks. Each task keeps the registrations it has read, decoded, and drops them all
 * when the version moves: every scan needs its device's registration, and decoding it from the
 * store (Avro) for every scan was 4 % of the screening thread; registrations change rarely. A change
 * is seen by the next scan the task reads after the global thread applied it, as with the store
 * alone (the registry is not ordered with the scans: a registration written after a scan that needs
 * it is not waited for). Only registered devices are kept, at most {@value #MAX_CACHED} per task,
 * so scans from made-up device ids cost a store read each and no memory.
 */
final class DeviceRegistry {
    static final int MAX_CACHED = 20_000;

    private final AtomicLong version = new AtomicLong();

    /** Adds the global store and its writer to {@code builder}. */
    void addTo(StreamsBuilder builder, Serde<String> keys, Serde<DeviceRegistration> registrations) {
        builder.addGlobalStore(
                Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(ScreeningNames.DEVICE_REGISTRY_STORE),
                        keys, registrations).withLoggingDisabled().withCachingDisabled(),
                Topics.DEVICES,
                Consumed.with(keys, registrations).withName(ScreeningNames.DEVICES_SOURCE),
                () -> new Writer(version));
    }

    /** A task's view: the registration of a device, or null when it is not registered. */
    Reader reader(TimestampedKeyValueStore<String, DeviceRegistration> store) {
        return new Reader(store, version);
    }

    /** The global processor: applies each registration or tombstone, then moves the version. */
    private static final class Writer implements Processor<String, DeviceRegistration, Void, Void> {
        private final AtomicLong version;
        private TimestampedKeyValueStore<String, DeviceRegistration> store;

        Writer(AtomicLong version) {
            this.version = version;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(ScreeningNames.DEVICE_REGISTRY_STORE);
        }

        @Override
        public void process(Record<String, DeviceRegistration> record) {
            if (record.key() == null) {
                return; // a registry record without a device id names no device (a global table drops it too)
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            }
            version.incrementAndGet();
        }
    }

    /** Per task (one stream thread): decoded registrations, dropped when the registry changes. */
    static final class Reader {
        private final TimestampedKeyValueStore<String, DeviceRegistration> store;
        private final AtomicLong version;
        private final Map<String, DeviceRegistration> cached = new HashMap<>();
        private long cachedVersion = -1;

        private Reader(TimestampedKeyValueStore<String, DeviceRegistration> store, AtomicLong version) {
            this.store = store;
            this.version = version;
        }

        DeviceRegistration device(String deviceId) {
            long current = version.get();
            if (current != cachedVersion || cached.size() >= MAX_CACHED) {
                cached.clear();
                cachedVersion = current;
            }
            DeviceRegistration device = cached.get(deviceId);
            if (device == null) {
                ValueAndTimestamp<DeviceRegistration> stored = store.get(deviceId);
                device = stored == null ? null : stored.value();
                if (device != null) {
                    cached.put(deviceId, device);
                }
            }
            return device;
        }
    }
}
