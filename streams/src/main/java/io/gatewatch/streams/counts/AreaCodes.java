package io.gatewatch.streams.counts;

/**
 * China's 12-digit statistical division codes (2+2+2+3+3: province, city, county, township,
 * village): a village code contains its township (first 9 digits) and county (first 6).
 */
final class AreaCodes {
    static final int VILLAGE_DIGITS = 12;
    static final int TOWNSHIP_DIGITS = 9;
    static final int COUNTY_DIGITS = 6;

    private AreaCodes() {}

    static boolean isVillageCode(String code) {
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

    static String townshipOf(String villageCode) {
        return villageCode.substring(0, TOWNSHIP_DIGITS);
    }

    static String countyOf(String villageCode) {
        return villageCode.substring(0, COUNTY_DIGITS);
    }
}
