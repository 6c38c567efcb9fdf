package io.gatewatch.sinks.testing;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.WindowSize;
import java.time.Duration;
import java.time.Instant;

/** Test data builder: {@code aCount().forVillage("110101001001").hourly().from(T0).withScans(12).build()}. */
public final class Counts {
    private AreaLevel level = AreaLevel.VILLAGE;
    private String areaCode = "110101001001";
    private WindowSize window = WindowSize.HOUR;
    private Instant start = Alerts.T0;
    private long scans = 1;
    private long fevers;
    private boolean isFinal;
    private String localDate;
    private String localStart;

    private Counts() {}

    public static Counts aCount() {
        return new Counts();
    }

    public Counts forVillage(String code) {
        this.level = AreaLevel.VILLAGE;
        this.areaCode = code;
        return this;
    }

    public Counts forCheckpoint(String checkpointId) {
        this.level = AreaLevel.CHECKPOINT;
        this.areaCode = checkpointId;
        return this;
    }

    public Counts forCounty(String code) {
        this.level = AreaLevel.COUNTY;
        this.areaCode = code;
        return this;
    }

    public Counts hourly() {
        this.window = WindowSize.HOUR;
        return this;
    }

    public Counts daily() {
        this.window = WindowSize.DAY;
        return this;
    }

    public Counts from(Instant start) {
        this.start = start;
        return this;
    }

    public Counts withScans(long scans) {
        this.scans = scans;
        return this;
    }

    public Counts withFevers(long fevers) {
        this.fevers = fevers;
        return this;
    }

    public Counts finalised() {
        this.isFinal = true;
        return this;
    }

    public AreaCountKey key() {
        return new AreaCountKey(level, areaCode, window, start);
    }

    /** The window's local date and start as the counts write them, e.g. {@code onLocal("2026-12-06", "2026-12-06T00:00:00")}. */
    public Counts onLocal(String localDate, String localStart) {
        this.localDate = localDate;
        this.localStart = localStart;
        return this;
    }

    public AreaCount build() {
        Duration length = window == WindowSize.HOUR ? Duration.ofHours(1) : Duration.ofDays(1);
        return AreaCount.newBuilder()
                .setLevel(level).setAreaCode(areaCode).setWindow(window)
                .setWindowStart(start).setWindowEnd(start.plus(length))
                .setScans(scans).setDistinctPersons(scans).setFevers(fevers)
                .setGateScans(scans)
                .setIsFinal(isFinal)
                .setUpdatedAt(start.plusSeconds(60))
                .setLocalDate(localDate).setLocalStart(localStart)
                .build();
    }
}
