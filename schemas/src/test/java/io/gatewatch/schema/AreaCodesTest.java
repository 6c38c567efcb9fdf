package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
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

    @Test
    void shouldAcceptAWholeDivisionOfEveryLevelAsADivisionCode() {
        assertThat(List.of("33", "3301", "330106", "330106001", "330106001001")).allMatch(AreaCodes::isDivisionCode);
    }

    @Test
    void shouldRefuseAPrefixThatIsNoWholeDivision() {
        assertThat(List.of("", "3", "330", "33010", "3301060", "33010600", "3301060010", "33010600100", "3301060010011"))
                .noneMatch(AreaCodes::isDivisionCode);
    }

    @Test
    void shouldAcceptOnlyAsciiDigitsInADivisionCode() {
        assertThat(Arrays.asList("33010a", "\uff13\uff13\uff10\uff11\uff10\uff16", "33010\u0663", null))
                .noneMatch(AreaCodes::isDivisionCode);
    }

    @Test
    void shouldAcceptExactlyWhatTheTwelveDigitPatternAccepts() {
        Pattern twelveDigits = Pattern.compile("[0-9]{12}");
        List<String> codes = List.of("330106001001", "000000000000", "33010600100", "3301060010011", "33010600100a",
                "3301060010 1", "", " 330106001001", "33010600100\u0663", "\uff13\uff13\uff10\uff11\uff10\uff16\uff10\uff10\uff11\uff10\uff10\uff11",
                "-30106001001", "330106/01001");

        for (String code : codes) {
            assertThat(AreaCodes.isVillageCode(code)).as(code).isEqualTo(twelveDigits.matcher(code).matches());
        }
    }
}
