package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AreaCodesTest {

    @Test
    void shouldTakeTownshipAndCountyAsPrefixesOfTheVillageCode() {
        assertThat(AreaCodes.townshipOf("110105001002")).isEqualTo("110105001");
        assertThat(AreaCodes.countyOf("110105001002")).isEqualTo("110105");
    }

    @Test
    void shouldAcceptOnlyTwelveAsciiDigitsAsAVillageCode() {
        assertThat(AreaCodes.isVillageCode("110105001002")).isTrue();
        assertThat(AreaCodes.isVillageCode("11010500100")).isFalse();
        assertThat(AreaCodes.isVillageCode("1101050010021")).isFalse();
        assertThat(AreaCodes.isVillageCode("11010500100A")).isFalse();
        assertThat(AreaCodes.isVillageCode("１１０１０５００１００２")).isFalse();
        assertThat(AreaCodes.isVillageCode(null)).isFalse();
    }
}
