package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DeviceEnricherTest {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

    @Test
    void shouldAcceptExactlyWhatTheTwelveDigitPatternAccepts() {
        List<String> codes = List.of("330106001001", "000000000000", "33010600100", "3301060010011", "33010600100a",
                "3301060010 1", "", " 330106001001", "33010600100\u0663", "\uff13\uff13\uff10\uff11\uff10\uff16\uff10\uff10\uff11\uff10\uff10\uff11",
                "-30106001001", "330106/01001");

        for (String code : codes) {
            assertThat(DeviceEnricher.isVillageCode(code)).as(code).isEqualTo(TWELVE_DIGITS.matcher(code).matches());
        }
    }
}
