package io.gatewatch.streams.counts;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The running figures of one area in one window (the mutable accumulator behind {@link AreaCount}).
 *
 * <p>How a scan counts (each measure is a number of scans, except {@code distinctPersons}):
 * <ul>
 *   <li>{@code scans}: every scan (人次).
 *   <li>{@code distinctPersons}: scans whose person token was not yet seen in this window at this
 *       area (the caller decides, from its set of tokens); scans without a token never count.
 *   <li>{@code fevers}: temperature status FEVER, i.e. a plausible reading at or above threshold.
 *       An IMPLAUSIBLE reading is never a fever nor normal. A fever read by a working thermometer
 *       stays a fever even if the code scanner failed on the same scan (that scan is also a device
 *       fault): a sick person is not hidden by a broken scanner.
 *   <li>{@code deviceFaults}: the screening's device-fault flag, or an IMPLAUSIBLE reading, or an
 *       UNREADABLE code (the last two repeat the flag's definition so the count is right even if a
 *       producer leaves the flag unset).
 *   <li>{@code yellowCodes}, {@code redCodes}: health-code colour; UNREADABLE is neither.
 *   <li>{@code visitors}: person kind VISITOR. {@code vehicles}: a vehicle plate was recorded, so
 *       every scanned occupant of a vehicle counts (vehicle-person passages, as the contract says).
 *   <li>by source: one of gate/phone app/staff/clinic/pharmacy; UNKNOWN_SOURCE counts in none, so
 *       the five may sum to less than {@code scans}.
 * </ul>
 * Every measure but {@code distinctPersons} is additive: an area's figure is the sum of its parts'.
 */
final class Tally {
    /** Number of stored fields this version knows. */
    static final int FIELDS = 14;
    /** {@code localStart}: seconds always present, so the text sorts and parses the same for every window. */
    private static final DateTimeFormatter LOCAL_START = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    long windowEnd;
    long scans;
    long distinctPersons;
    long fevers;
    long yellowCodes;
    long redCodes;
    long deviceFaults;
    long visitors;
    long vehicles;
    long gateScans;
    long phoneAppScans;
    long staffScans;
    long clinicScans;
    long pharmacyScans;
    /**
     * Not stored: the update round of the processor in which this tally's key was listed for emission,
     * so later scans of the same window in that round need not list it again (a set insertion per scan
     * and level saved); -1 for a tally not listed.
     */
    long listedFor = -1;

    Tally(long windowEnd) {
        this.windowEnd = windowEnd;
    }

    void add(ScreenedScan screened, boolean newPerson) {
        ScanEvent scan = screened.getScan();
        TemperatureStatus status = screened.getTemperatureStatus();
        HealthCodeColour code = scan.getHealthCode();
        scans++;
        if (newPerson) {
            distinctPersons++;
        }
        if (status == TemperatureStatus.FEVER) {
            fevers++;
        }
        if (screened.getDeviceFault() || status == TemperatureStatus.IMPLAUSIBLE || code == HealthCodeColour.UNREADABLE) {
            deviceFaults++;
        }
        if (code == HealthCodeColour.YELLOW) {
            yellowCodes++;
        } else if (code == HealthCodeColour.RED) {
            redCodes++;
        }
        if (scan.getPersonKind() == PersonKind.VISITOR) {
            visitors++;
        }
        if (scan.getVehiclePlate() != null && !scan.getVehiclePlate().isBlank()) {
            vehicles++;
        }
        switch (scan.getSource()) {
            case GATE_DEVICE -> gateScans++;
            case PHONE_APP -> phoneAppScans++;
            case STAFF_ENTRY -> staffScans++;
            case CLINIC -> clinicScans++;
            case PHARMACY -> pharmacyScans++;
            case UNKNOWN_SOURCE -> { }
        }
    }

    AreaCount toAreaCount(WindowKey key, ZoneId timeZone, boolean isFinal, long updatedAt) {
        LocalDateTime localStart = LocalDateTime.ofInstant(Instant.ofEpochMilli(key.windowStart()), timeZone);
        return AreaCount.newBuilder()
                .setLevel(key.level())
                .setAreaCode(key.areaCode())
                .setWindow(key.size())
                .setWindowStart(Instant.ofEpochMilli(key.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setTimeZone(timeZone.getId())
                .setLocalDate(localStart.toLocalDate().toString())
                .setLocalStart(LOCAL_START.format(localStart))
                .setScans(scans)
                .setDistinctPersons(distinctPersons)
                .setFevers(fevers)
                .setYellowCodes(yellowCodes)
                .setRedCodes(redCodes)
                .setDeviceFaults(deviceFaults)
                .setVisitors(visitors)
                .setVehicles(vehicles)
                .setGateScans(gateScans)
                .setPhoneAppScans(phoneAppScans)
                .setStaffScans(staffScans)
                .setClinicScans(clinicScans)
                .setPharmacyScans(pharmacyScans)
                .setIsFinal(isFinal)
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .build();
    }

    /** Field order of the stored form; append only (see {@link TallySerde}). */
    long[] toArray() {
        return new long[] {windowEnd, scans, distinctPersons, fevers, yellowCodes, redCodes, deviceFaults, visitors,
                vehicles, gateScans, phoneAppScans, staffScans, clinicScans, pharmacyScans};
    }

    static Tally fromArray(long[] values) {
        long[] v = Arrays.copyOf(values, FIELDS);
        Tally t = new Tally(v[0]);
        t.scans = v[1];
        t.distinctPersons = v[2];
        t.fevers = v[3];
        t.yellowCodes = v[4];
        t.redCodes = v[5];
        t.deviceFaults = v[6];
        t.visitors = v[7];
        t.vehicles = v[8];
        t.gateScans = v[9];
        t.phoneAppScans = v[10];
        t.staffScans = v[11];
        t.clinicScans = v[12];
        t.pharmacyScans = v[13];
        return t;
    }
}
