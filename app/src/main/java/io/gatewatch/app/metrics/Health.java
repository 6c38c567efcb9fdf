package io.gatewatch.app.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness of one process, as named checks that components register.
 * <ul>
 *   <li>Live: the process is not broken beyond repair (e.g. a Kafka Streams instance in ERROR, or a
 *       sink that exhausted its retries); an orchestrator restarts a process that is not live.</li>
 *   <li>Ready: every component is serving (e.g. Streams RUNNING, ingest bound); a load balancer
 *       sends traffic only to ready processes. A process that is not live is not ready either.</li>
 * </ul>
 */
public final class Health {
    private final Map<String, BooleanSupplier> liveness = new ConcurrentHashMap<>();
    private final Map<String, BooleanSupplier> readiness = new ConcurrentHashMap<>();

    public void addLivenessCheck(String name, BooleanSupplier check) {
        liveness.put(name, check);
    }

    public void addReadinessCheck(String name, BooleanSupplier check) {
        readiness.put(name, check);
    }

    public void remove(String name) {
        liveness.remove(name);
        readiness.remove(name);
    }

    /** Name of every liveness check and whether it passes. */
    public Map<String, Boolean> live() {
        return evaluate(liveness);
    }

    /** Name of every liveness and readiness check and whether it passes. */
    public Map<String, Boolean> ready() {
        Map<String, Boolean> result = new LinkedHashMap<>(evaluate(liveness));
        result.putAll(evaluate(readiness));
        return result;
    }

    public boolean isLive() {
        return !live().containsValue(false);
    }

    public boolean isReady() {
        return !ready().containsValue(false);
    }

    private static Map<String, Boolean> evaluate(Map<String, BooleanSupplier> checks) {
        Map<String, Boolean> result = new java.util.TreeMap<>();
        checks.forEach((name, check) -> {
            boolean ok;
            try {
                ok = check.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false; // a check that cannot answer is a failing check, not a crashed endpoint
            }
            result.put(name, ok);
        });
        return result;
    }
}
