package io.gatewatch.streams.counts;

import io.gatewatch.schema.AreaCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one person was seen in one window of one county: the villages and checkpoints. One such
 * entry per (window, county, person) answers "is this person new here?" for all four levels at
 * once: new to the county if there is no entry, new to a township if no village seen shares its
 * 9-digit prefix, new to a village or checkpoint if it is not listed. One store read (and at most
 * one write) per scan and window size, instead of one per level.
 *
 * <p>Stored form: a format byte, then the villages and the checkpoints, each as a count and
 * length-prefixed UTF-8 strings. Internal state, not a contract.
 */
final class PersonSightings {
    private static final byte FORMAT = 1;

    private final List<String> villages;
    private final List<String> checkpoints;

    private PersonSightings(List<String> villages, List<String> checkpoints) {
        this.villages = villages;
        this.checkpoints = checkpoints;
    }

    static PersonSightings none() {
        return new PersonSightings(new ArrayList<>(2), new ArrayList<>(2));
    }

    /** What is new about a sighting, level by level. */
    record Novelty(boolean county, boolean township, boolean village, boolean checkpoint) {
        boolean any() {
            return village || checkpoint;
        }
    }

    /** Records a sighting and says at which levels the person is new. */
    Novelty see(String villageCode, String checkpointId, boolean firstInCounty) {
        boolean newTownship = true;
        for (String village : villages) {
            if (village.regionMatches(0, villageCode, 0, AreaCodes.TOWNSHIP_DIGITS)) {
                newTownship = false;
                break;
            }
        }
        boolean newVillage = !villages.contains(villageCode);
        boolean newCheckpoint = !checkpoints.contains(checkpointId);
        if (newVillage) {
            villages.add(villageCode);
        }
        if (newCheckpoint) {
            checkpoints.add(checkpointId);
        }
        return new Novelty(firstInCounty, newTownship, newVillage, newCheckpoint);
    }

    byte[] toBytes() {
        // plain loops: this runs for almost every scan (streams here cost ~6 % of the stream thread)
        byte[][] v = utf8(villages);
        byte[][] c = utf8(checkpoints);
        ByteBuffer buffer = ByteBuffer.allocate(1 + sizeOf(v) + sizeOf(c)).put(FORMAT);
        write(buffer, v);
        write(buffer, c);
        return buffer.array();
    }

    private static byte[][] utf8(List<String> strings) {
        byte[][] bytes = new byte[strings.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** Count, then a length and the bytes of each string. */
    private static int sizeOf(byte[][] strings) {
        int size = Short.BYTES;
        for (byte[] s : strings) {
            size += Short.BYTES + s.length;
        }
        return size;
    }

    static PersonSightings fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte format = buffer.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown person-sightings format " + format + " in the counts store");
        }
        List<String> villages = read(buffer);
        List<String> checkpoints = read(buffer);
        return new PersonSightings(villages, checkpoints);
    }

    private static void write(ByteBuffer buffer, byte[][] strings) {
        buffer.putShort((short) strings.length);
        for (byte[] s : strings) {
            buffer.putShort((short) s.length).put(s);
        }
    }

    private static List<String> read(ByteBuffer buffer) {
        int count = buffer.getShort();
        List<String> strings = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            byte[] s = new byte[buffer.getShort()];
            buffer.get(s);
            strings.add(new String(s, StandardCharsets.UTF_8));
        }
        return strings;
    }
}
