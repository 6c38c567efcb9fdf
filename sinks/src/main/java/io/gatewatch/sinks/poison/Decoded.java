package io.gatewatch.sinks.poison;

import io.gatewatch.serde.RegistryUnavailableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A consumed value decoded, or the reason it is poison: undecodable bytes (including records the
 * bounded decoder refuses as oversized), a value that cannot be stored or shown as it is
 * ({@link StorableValues}), or any unexpected error while decoding. For the consumers that read
 * bytes and decode them themselves, so a poison record is data to count and skip, never an
 * exception that stops the loop.
 *
 * @param value the decoded value (null for a tombstone, or when poison)
 * @param poison why the record is poison, or null
 */
public record Decoded<T>(T value, Poison poison) {

    /**
     * Decodes {@code bytes} of {@code topic} and checks the result. Throws only
     * {@link RegistryUnavailableException} (an outage, not poison: the consumer must stop or retry).
     */
    public static <T> Decoded<T> of(Deserializer<T> deserializer, String topic, byte[] bytes) {
        T value;
        try {
            value = deserializer.deserialize(topic, bytes);
        } catch (RegistryUnavailableException e) {
            throw e; // the registry is down, not the record bad: never set a readable record aside
        } catch (SerializationException e) {
            return new Decoded<>(null, Poison.of(PoisonReason.UNDESERIALIZABLE, e.getMessage()));
        } catch (RuntimeException e) {
            return new Decoded<>(null, Poison.of(PoisonReason.MAPPING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return StorableValues.violation(value).map(poison -> new Decoded<T>(null, poison)).orElseGet(() -> new Decoded<>(value, null));
    }

    public boolean isPoison() {
        return poison != null;
    }
}
