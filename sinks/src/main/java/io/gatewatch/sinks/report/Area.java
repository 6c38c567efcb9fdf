package io.gatewatch.sinks.report;

import io.gatewatch.schema.AreaCodes;
import java.util.Optional;

/**
 * The area a report covers: a prefix of the 12-digit statistical division code (2 digits province,
 * 4 city, 6 county, 9 township, 12 village).
 *
 * <p>Counties, townships and villages have their own stored rows ({@code area_level} COUNTY,
 * TOWNSHIP, VILLAGE), which a report reads as they are. A province or city has none: its figures
 * are the sum of its counties' stored rows (all measures are additive except distinct persons,
 * which is then not stated).
 */
public record Area(String code) {

    /** Administrative level of a prefix, by its length. */
    public enum Kind {
        PROVINCE(2, "COUNTY", "COUNTY"),
        CITY(4, "COUNTY", "COUNTY"),
        COUNTY(6, "COUNTY", "TOWNSHIP"),
        TOWNSHIP(9, "TOWNSHIP", "VILLAGE"),
        VILLAGE(12, "VILLAGE", null);

        private final int digits;
        private final String storedLevel;
        private final String childLevel;

        Kind(int digits, String storedLevel, String childLevel) {
            this.digits = digits;
            this.storedLevel = storedLevel;
            this.childLevel = childLevel;
        }

        public int digits() {
            return digits;
        }
    }

    public Area {
        if (code == null || of(code).isEmpty()) {
            throw new IllegalArgumentException("area code must be 2, 4, 6, 9 or 12 digits, got '" + code + "'");
        }
    }

    /** The area for {@code code}, or empty when it is not 2, 4, 6, 9 or 12 ASCII digits. */
    public static Optional<Kind> of(String code) {
        if (!AreaCodes.isDivisionCode(code)) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (kind.digits == code.length()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public Kind kind() {
        return of(code).orElseThrow();
    }

    /** True when the area has its own stored rows; false when its figures are a sum of counties. */
    public boolean isStored() {
        return kind().digits >= Kind.COUNTY.digits;
    }

    /** The {@code area_level} of the rows its figures come from. */
    public String storedLevel() {
        return kind().storedLevel;
    }

    /** The {@code area_level} of its parts (empty for a village, whose parts are checkpoints). */
    public Optional<String> childLevel() {
        return Optional.ofNullable(kind().childLevel);
    }

    public boolean contains(String villageCode) {
        return villageCode != null && villageCode.startsWith(code);
    }

    /** The pattern for {@code LIKE}: the code is digits only, so nothing needs escaping. */
    String likePattern() {
        return code + "%";
    }
}
