package io.gatewatch.schema;

/**
 * China's 12-digit statistical division codes (2+2+2+3+3: province, city, county, township,
 * village): a village code contains its township (first 9 digits) and county (first 6). Defined
 * once for every module that places, partitions or counts scans by area.
 */
public final class AreaCodes {
    public static final int VILLAGE_DIGITS = 12;
    public static final int TOWNSHIP_DIGITS = 9;
    public static final int COUNTY_DIGITS = 6;
    /** The lengths of a division code prefix: province, city, county, township, village. */
    private static final int[] DIVISION_DIGITS = {2, 4, COUNTY_DIGITS, TOWNSHIP_DIGITS, VILLAGE_DIGITS};

    private AreaCodes() {}

    /** Exactly 12 ASCII digits (what {@code [0-9]{12}} matches), checked without a regex: it runs for every scan. */
    public static boolean isVillageCode(String code) {
        return code != null && code.length() == VILLAGE_DIGITS && isAsciiDigits(code);
    }

    /**
     * A whole division of any level: 2 (province), 4 (city), 6 (county), 9 (township) or 12
     * (village) ASCII digits, the code prefixes that report areas, report readers and the gazetteer use.
     */
    public static boolean isDivisionCode(String code) {
        if (code == null || !isAsciiDigits(code)) {
            return false;
        }
        for (int digits : DIVISION_DIGITS) {
            if (code.length() == digits) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiDigits(String code) {
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static String townshipOf(String villageCode) {
        return villageCode.substring(0, TOWNSHIP_DIGITS);
    }

    public static String countyOf(String villageCode) {
        return villageCode.substring(0, COUNTY_DIGITS);
    }
}
