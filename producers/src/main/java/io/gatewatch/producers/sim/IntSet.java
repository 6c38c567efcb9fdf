package io.gatewatch.producers.sim;

import java.util.Arrays;

/**
 * A small open-addressing set of non-negative ints: distinct persons per count window, where a
 * {@code HashSet<String>} per window made the ground truth the simulator's bottleneck.
 */
final class IntSet {
    private static final int EMPTY = -1;
    private int[] slots = new int[8];
    private int size;

    IntSet() {
        Arrays.fill(slots, EMPTY);
    }

    /** Adds a value (must be >= 0); returns whether it was new. */
    boolean add(int value) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        return insert(slots, value);
    }

    int size() {
        return size;
    }

    private boolean insert(int[] table, int value) {
        int mask = table.length - 1;
        int i = mix(value) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = value;
        size++;
        return true;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        Arrays.fill(slots, EMPTY);
        size = 0;
        for (int value : old) {
            if (value != EMPTY) {
                insert(slots, value);
            }
        }
    }

    private static int mix(int value) {
        int h = value * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
