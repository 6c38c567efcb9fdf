package io.gatewatch.producers.sim;

import java.util.HashMap;
import java.util.Map;

/** Scenario settings for tests: a small county over one fixed local day, everything else default. */
final class Scenarios {
    static final String START = "2022-12-01T00:00";

    private Scenarios() {}

    /** Six villages in two townships, two checkpoints each, 120 residents, 400 scans per village-day. */
    static Map<String, Object> aSmallCounty() {
        Map<String, Object> props = new HashMap<>();
        props.put(ScenarioConfig.SEED, 7L);
        props.put(ScenarioConfig.START, START);
        props.put(ScenarioConfig.DURATION_MS, 24 * 3_600_000L);
        props.put(ScenarioConfig.TOWNSHIPS, 2);
        props.put(ScenarioConfig.VILLAGES, 6);
        props.put(ScenarioConfig.CHECKPOINTS_PER_VILLAGE, 2);
        props.put(ScenarioConfig.RESIDENTS_PER_VILLAGE, 120);
        props.put(ScenarioConfig.VISITORS, 60);
        props.put(ScenarioConfig.SCANS_PER_VILLAGE_PER_DAY, 400.0);
        props.put(ScenarioConfig.FEVER_RATE, 0.03);
        props.put(ScenarioConfig.NON_GREEN_RATE, 0.05);
        props.put(ScenarioConfig.TRUTH_PER_EVENT, true);
        return props;
    }

    static Map<String, Object> with(Map<String, Object> props, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(props);
        copy.put(key, value);
        return copy;
    }

    static ScanGenerator generator(Map<String, Object> props) {
        return new ScanGenerator(new ScenarioConfig(props));
    }
}
