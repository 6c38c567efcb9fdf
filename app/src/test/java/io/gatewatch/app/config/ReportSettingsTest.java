package io.gatewatch.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.sinks.report.ReportAccess;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ReportSettingsTest {
    private static ResolvedConfig report(Map<String, String> flags) {
        return ResolvedConfig.resolve(ConfigSources.merge(null, Map.of(), flags), ConfigCatalog.REPORT);
    }

    @Test
    void shouldRefuseToServeReportsWithoutAnyReader() {
        assertThatThrownBy(() -> ReportSettings.access(report(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ReportSettings.READERS);
    }

    @Test
    void shouldScopeEachReaderToItsAreaPrefixes() {
        ReportAccess access = ReportSettings.access(report(Map.of(ReportSettings.READERS, "town",
                "report.reader.town.token", "town-token-0123456789abcdef", "report.reader.town.areas", "330110101")));

        ReportAccess.Reader town = access.authenticate("Bearer town-token-0123456789abcdef", Optional.empty()).orElseThrow();

        assertThat(town.mayRead("330110101201")).isTrue();
        assertThat(town.mayRead("330110")).isFalse();
        assertThat(town.mayRead("330110102")).isFalse();
    }

    @Test
    void shouldNameTheAreasKeyOfAReaderWithABadPrefix() {
        assertThatThrownBy(() -> ReportSettings.access(report(Map.of(ReportSettings.READERS, "x",
                "report.reader.x.token", "x-token-0123456789abcdef", "report.reader.x.areas", "33011"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("report.reader.x.areas");
    }

    @Test
    void shouldRefuseAReaderAreaWrittenInOtherThanAsciiDigits() {
        // fullwidth digits are digits to Character.isDigit, but no village code starts with them
        assertThatThrownBy(() -> ReportSettings.access(report(Map.of(ReportSettings.READERS, "x",
                "report.reader.x.token", "x-token-0123456789abcdef", "report.reader.x.areas", "\uff13\uff13\uff10\uff11\uff11\uff10"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("report.reader.x.areas");
    }

    @Test
    void shouldBindEveryHttpServerToLoopbackUnlessConfigured() {
        // every server's host key comes from the shared fragment; none defaults to all interfaces
        for (ConfigSection section : ConfigCatalog.sections()) {
            for (ConfigDef.ConfigKey key : section.def().configKeys().values()) {
                if (key.name.endsWith("." + HttpServerSettings.HOST)) {
                    assertThat(key.defaultValue).as(key.name).isEqualTo(HttpServerSettings.LOOPBACK);
                }
            }
        }
    }
}
