package io.gatewatch.sinks.areas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gatewatch.sinks.areas.AreaNames.AreaImportException;
import io.gatewatch.sinks.areas.AreaNames.AreaName;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Area names from a CSV: division codes of every level, validated, all or nothing. */
class AreaNamesTest {
    @Test
    void shouldReadNamesOfEveryDivisionLevelWithOrWithoutAnEnglishName() throws Exception {
        assertThat(AreaNames.read(new StringReader("\uFEFFcode,name,nameEn\n33,浙江省,Zhejiang\n3301,杭州市,\n"
                + "330106,西湖区,Xihu\n330106001,\"转塘街道\",\n330106001001,东村,East Village\n")))
                .containsExactly(new AreaName("33", "浙江省", "Zhejiang"), new AreaName("3301", "杭州市", null),
                        new AreaName("330106", "西湖区", "Xihu"), new AreaName("330106001", "转塘街道", null),
                        new AreaName("330106001001", "东村", "East Village"));
    }

    @Test
    void shouldRefuseTheFileNamingEveryBadLine() {
        AreaImportException refused = catchThrowableOfType(AreaImportException.class, () -> AreaNames.read(new StringReader(
                "code,name\n33010,五位\n330106001001,\n330106001001,东村\n330106001001,东村\n")));

        assertThat(refused.problems()).containsExactly(
                "line 2: field 'code' is not a 2, 4, 6, 9 or 12-digit division code",
                "line 3: field 'name' is missing",
                "line 5: field 'code' repeats the area of line 4");
    }

    @Test
    void shouldRefuseAFileWithoutTheHeader() {
        assertThat(catchThrowableOfType(AreaImportException.class, () -> AreaNames.read(new StringReader("33,浙江省\n")))
                .problems()).containsExactly("line 1: the header must be code,name or code,name,nameEn");
    }
}
