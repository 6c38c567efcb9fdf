package io.gatewatch.sinks.names;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The names people know places by, for what they read: division code → area name (from
 * {@code gatewatch.areas}) and checkpoint id → checkpoint name (from the registrations on
 * {@code gatewatch.devices}). Pure and thread-safe: one thread keeps it current ({@link NamesFollower}),
 * any thread reads. A code without a name reads as the code alone.
 *
 * <p>Bounded: each of the two maps holds at most {@link #MAX_ENTRIES} keys (a county has hundreds of
 * villages and checkpoints, a province some tens of thousands). Once a map is full, names of new keys
 * are not kept (counted in {@link #refused()}; those places read as their codes) while names of known
 * keys still change.
 */
public final class Names {
    /** Most keys kept per map (areas, checkpoints). */
    public static final int MAX_ENTRIES = 100_000;

    private final int maxEntries;
    private final Map<String, String> areas = new ConcurrentHashMap<>();
    private final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    public Names() {
        this(MAX_ENTRIES);
    }

    Names(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** No names at all: every place reads as its code. */
    public static Names none() {
        return new Names(0);
    }

    /** Names the division {@code code}; a null or blank name forgets it. False when the map is full and the code new. */
    public boolean nameArea(String code, String name) {
        return put(areas, code, name);
    }

    /** Names the checkpoint {@code checkpointId}; a null or blank name leaves a name it already has. */
    public boolean nameCheckpoint(String checkpointId, String name) {
        return name == null || name.isBlank() || put(checkpoints, checkpointId, name);
    }

    private boolean put(Map<String, String> names, String key, String name) {
        if (key == null) {
            return true;
        }
        if (name == null || name.isBlank()) {
            names.remove(key);
            return true;
        }
        if (names.size() >= maxEntries && !names.containsKey(key)) {
            refused.incrementAndGet();
            return false;
        }
        names.put(key, name);
        return true;
    }

    /** The division's name, or null when none is known. */
    public String areaName(String code) {
        return code == null ? null : areas.get(code);
    }

    /** The checkpoint's name, or null when none is known. */
    public String checkpointName(String checkpointId) {
        return checkpointId == null ? null : checkpoints.get(checkpointId);
    }

    /** {@code 东村 (330127101201)}, or the code alone when it has no name. */
    public String area(String code) {
        return labelled(areaName(code), code);
    }

    /** {@code 东村卡口 (CP-330127101201-1)}, or the id alone when it has no name. */
    public String checkpoint(String checkpointId) {
        return labelled(checkpointName(checkpointId), checkpointId);
    }

    private static String labelled(String name, String code) {
        return name == null ? code : name + " (" + code + ")";
    }

    /** Names not kept because their map was full. */
    public long refused() {
        return refused.get();
    }

    /** Keys named now, areas and checkpoints together. */
    public int size() {
        return areas.size() + checkpoints.size();
    }
}
