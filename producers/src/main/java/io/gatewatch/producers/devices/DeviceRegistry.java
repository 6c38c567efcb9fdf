package io.gatewatch.producers.devices;

import io.gatewatch.producers.compacted.CompactedRegistry;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The device registry on Kafka ({@link Topics#DEVICES}, compacted, key deviceId): reads its
 * current state and publishes changes, each batch in one Kafka transaction so readers
 * ({@code read_committed}: screening, the sink) see a whole import or none of it. Publishing only
 * what differs from the current state makes a re-import change nothing. Not thread-safe; one per
 * command or request handler, closed after use.
 */
public final class DeviceRegistry implements AutoCloseable {
    /** Transactional id of registry writers: a second writer fences the first rather than interleaving with it. */
    public static final String TRANSACTIONAL_ID = "gatewatch-devices-writer";

    private final CompactedRegistry<DeviceRegistration> registry;

    /**
     * @param producerProps Kafka producer settings (bootstrap servers and pass-through client settings)
     * @param consumerProps Kafka consumer settings (likewise); no group is used
     * @param serdeProps    serde and registry-client settings
     */
    public DeviceRegistry(Map<String, Object> producerProps, Map<String, Object> consumerProps, SchemaRegistryClient registry,
                          Map<String, Object> serdeProps) {
        this.registry = new CompactedRegistry<>(Topics.DEVICES, TRANSACTIONAL_ID, DeviceRegistration.class,
                DeviceRegistration::getDeviceId, producerProps, consumerProps, registry, serdeProps);
    }

    /** Every device registered now (retired ones included; removed ones, tombstoned, not), by id. */
    public Map<String, DeviceRegistration> current() {
        return registry.current();
    }

    /** The registrations of {@code wanted} that differ from {@code current} (new devices or changed ones), in order. */
    public static List<DeviceRegistration> changes(Map<String, DeviceRegistration> current, Collection<DeviceRegistration> wanted) {
        return wanted.stream().filter(r -> !DeviceRows.sameRegistration(current.get(r.getDeviceId()), r)).toList();
    }

    /** Publishes {@code registrations} in one transaction and waits for its commit. */
    public void publish(Collection<DeviceRegistration> registrations) {
        registry.publish(registrations);
    }

    @Override
    public void close() {
        registry.close();
    }
}
