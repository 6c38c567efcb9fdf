package io.gatewatch.streams.counts;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.WindowSize;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The store keys of the tallies a scan counts into — one per area level of its window — built once
 * per window and place and then reused. Every scan of a window adds to the same few keys (its
 * checkpoint, village, township and county), so rebuilding them per scan encoded the same area codes
 * again and hashed fresh arrays for every lookup; a reused {@link Bytes} keeps its hash and meets
 * itself in the write-behind map.
 *
 * <p>Keys are remembered for the last window of each size only (scans arrive in roughly time order,
 * as {@link LocalWindows} assumes), looked up by the checkpoint id (checkpoint level) or the village
 * code (the other levels, whose codes are prefixes of it). At most {@value #MAX_PLACES} places per
 * level are remembered: beyond that the cache starts afresh, so a window with unusually many places
 * costs what it did before the cache, never more memory. An instance is for one task's thread.
 */
final class TallyKeys {
    static final int MAX_PLACES = 4_096;
    private static final AreaLevel[] LEVELS = AreaLevel.values();

    private final CountWindow[] windows = new CountWindow[WindowSize.values().length];
    @SuppressWarnings("unchecked")
    private final Map<String, Bytes>[][] keys = new Map[windows.length][LEVELS.length];

    TallyKeys() {
        for (Map<String, Bytes>[] bySize : keys) {
            for (int level = 0; level < LEVELS.length; level++) {
                bySize[level] = new HashMap<>();
            }
        }
    }

    /** The key of the tally of {@code screened}'s place at {@code level} in {@code window}. */
    Bytes keyOf(CountWindow window, AreaLevel level, ScreenedScan screened) {
        int size = window.size().ordinal();
        if (window != windows[size] && !window.equals(windows[size])) {
            windows[size] = window;
            for (Map<String, Bytes> byPlace : keys[size]) {
                byPlace.clear();
            }
        }
        Map<String, Bytes> byPlace = keys[size][level.ordinal()];
        String place = level == AreaLevel.CHECKPOINT ? screened.getCheckpointId() : screened.getVillageCode();
        Bytes key = byPlace.get(place);
        if (key == null) {
            if (byPlace.size() >= MAX_PLACES) {
                byPlace.clear();
            }
            key = new WindowKey(window.size(), window.start(), level, areaCode(level, screened)).toBytes();
            byPlace.put(place, key);
        }
        return key;
    }

    /** The code of {@code screened}'s area at {@code level}. */
    static String areaCode(AreaLevel level, ScreenedScan screened) {
        return switch (level) {
            case CHECKPOINT -> screened.getCheckpointId();
            case VILLAGE -> screened.getVillageCode();
            case TOWNSHIP -> AreaCodes.townshipOf(screened.getVillageCode());
            case COUNTY -> AreaCodes.countyOf(screened.getVillageCode());
        };
    }
}
