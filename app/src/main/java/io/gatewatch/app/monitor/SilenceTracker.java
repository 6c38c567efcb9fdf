package io.gatewatch.app.monitor;

import java.util.HashMap;
import java.util.Map;

/**
 * When each active gate device was last heard from, and the two aggregates operations watch: the
 * longest silence and how many devices are past a threshold. Pure and clock-free (times are
 * passed in), so the arithmetic is tested without Kafka. Only registered, not-retired devices
 * count; a device registered but never heard from is silent since it was registered (or since
 * the monitor learnt of it). Thread-safe.
 */
public final class SilenceTracker {
    private final Map<String, Long> lastHeardMs = new HashMap<>();

    /** A registration: the device is active; its silence runs from {@code nowMs} unless it was heard from already. */
    public synchronized void register(String deviceId, long nowMs) {
        lastHeardMs.putIfAbsent(deviceId, nowMs);
    }

    /** A retirement (tombstone): the device no longer counts. */
    public synchronized void retire(String deviceId) {
        lastHeardMs.remove(deviceId);
    }

    /** Data from a device at {@code atMs}; ignored for devices that are not registered (phone apps, clinics). */
    public synchronized void heard(String deviceId, long atMs) {
        lastHeardMs.computeIfPresent(deviceId, (id, previous) -> Math.max(previous, atMs));
    }

    /** The longest silence of an active device, in milliseconds; 0 with no active device. */
    public synchronized long maxSilenceMs(long nowMs) {
        return lastHeardMs.values().stream().mapToLong(last -> Math.max(0, nowMs - last)).max().orElse(0);
    }

    /** Active devices silent for {@code thresholdMs} or longer. */
    public synchronized int silentDevices(long nowMs, long thresholdMs) {
        return (int) lastHeardMs.values().stream().filter(last -> nowMs - last >= thresholdMs).count();
    }

    public synchronized int activeDevices() {
        return lastHeardMs.size();
    }
}
