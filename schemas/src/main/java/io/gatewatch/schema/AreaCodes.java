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

    private AreaCodes() {}

    /** Exactly 12 ASCII digits (what {@code [0-9]{12}} matches), checked without a regex: it runs for every scan. */
    public static boolean isVillageCode(String code) {
        if (code == null || code.length() != VILLAGE_DIGITS) {
            return false;
        }
        for (int i = 0; i < VILLAGE_DIGITS; i++) {
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
