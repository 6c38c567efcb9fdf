package io.gatewatch.streams.screening;

import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What screening keeps of one person on the watchlist ({@link ScreeningNames#OBSERVATION_WATCHLIST_STORE}):
 * the entry, when it became known (the watchlist record's timestamp: when the health authority
 * wrote it, so a replay decides the same), and the check-in state: the deadlines (epoch millis) of
 * the slots decided so far are all at or before {@code decidedUpToMs}, and {@code filledDues} holds
 * the deadlines of later slots a report has already filled.
 *
 * <p>{@link #SERDE} is an internal format read only by this application and its changelog: a
 * version byte, the two times, the entry's fields (dates as epoch days), then the filled deadlines.
 */
record Watch(ObservationEntry entry, long knownSinceMs, long decidedUpToMs, SortedSet<Long> filledDues) {
    static final Serde<Watch> SERDE = Serdes.serdeFrom(new Encoder(), new Decoder());
    private static final byte VERSION = 1;
    private static final int NO_DATE = Integer.MIN_VALUE;

    Watch {
        Objects.requireNonNull(entry, "entry");
        filledDues = new TreeSet<>(filledDues);
    }

    /** A person who just became known, nothing decided yet. */
    static Watch known(ObservationEntry entry, long knownSinceMs) {
        return new Watch(entry, knownSinceMs, Long.MIN_VALUE, new TreeSet<>());
    }

    /** The same person under an updated entry (a release, a corrected period): when it became known and the check-ins stay. */
    Watch withEntry(ObservationEntry updated) {
        return new Watch(updated, knownSinceMs, decidedUpToMs, filledDues);
    }

    /** With the slot due at {@code dueMs} filled. */
    Watch filled(long dueMs) {
        SortedSet<Long> dues = new TreeSet<>(filledDues);
        dues.add(dueMs);
        return new Watch(entry, knownSinceMs, decidedUpToMs, dues);
    }

    /** With every slot due at or before {@code upToMs} decided (their filled marks are no longer needed). */
    Watch decidedUpTo(long upToMs) {
        return new Watch(entry, knownSinceMs, upToMs, new TreeSet<>(filledDues.tailSet(upToMs + 1)));
    }

    private static final class Encoder implements Serializer<Watch> {
        @Override
        public byte[] serialize(String topic, Watch watch) {
            if (watch == null) {
                return null;
            }
            ObservationEntry entry = watch.entry;
            byte[] token = entry.getPersonToken().getBytes(StandardCharsets.UTF_8);
            byte[] kind = entry.getKind().name().getBytes(StandardCharsets.UTF_8);
            byte[] village = entry.getVillageCode().getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 8 + 4 * 3 + token.length + kind.length + village.length
                            + 4 * 3 + 4 + 8 * watch.filledDues.size())
                    .put(VERSION).putLong(watch.knownSinceMs).putLong(watch.decidedUpToMs);
            buffer.putInt(token.length).put(token).putInt(kind.length).put(kind).putInt(village.length).put(village);
            buffer.putInt((int) entry.getFromDate().toEpochDay()).putInt((int) entry.getToDate().toEpochDay())
                    .putInt(entry.getReleasedOn() == null ? NO_DATE : (int) entry.getReleasedOn().toEpochDay());
            buffer.putInt(watch.filledDues.size());
            watch.filledDues.forEach(buffer::putLong);
            return buffer.array();
        }
    }

    private static final class Decoder implements Deserializer<Watch> {
        @Override
        public Watch deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                if (buffer.get() != VERSION) {
                    throw new SerializationException("Unknown watchlist encoding version in " + topic);
                }
                long knownSince = buffer.getLong();
                long decidedUpTo = buffer.getLong();
                ObservationEntry entry = ObservationEntry.newBuilder()
                        .setPersonToken(string(buffer))
                        .setKind(ObservationKind.valueOf(string(buffer)))
                        .setVillageCode(string(buffer))
                        .setFromDate(LocalDate.ofEpochDay(buffer.getInt()))
                        .setToDate(LocalDate.ofEpochDay(buffer.getInt()))
                        .setReleasedOn(date(buffer.getInt()))
                        .build();
                int filled = buffer.getInt();
                SortedSet<Long> dues = new TreeSet<>();
                for (int i = 0; i < filled; i++) {
                    dues.add(buffer.getLong());
                }
                return new Watch(entry, knownSince, decidedUpTo, dues);
            } catch (RuntimeException e) {
                throw new SerializationException("Unreadable watchlist entry in " + topic, e);
            }
        }

        private static LocalDate date(int epochDay) {
            return epochDay == NO_DATE ? null : LocalDate.ofEpochDay(epochDay);
        }

        private static String string(ByteBuffer buffer) {
            int length = buffer.getInt();
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }
    }
}
