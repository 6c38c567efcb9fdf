package io.gatewatch.sinks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LabelsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    @Test
    void shouldHaveTheSameKeysAndPlaceholdersInBothLanguages() {
        Labels zh = Labels.of(Language.ZH);
        Labels en = Labels.of(Language.EN);

        assertThat(new TreeSet<>(zh.keys())).isEqualTo(new TreeSet<>(en.keys()));
        for (String key : zh.keys()) {
            assertThat(placeholders(zh.get(key))).as(key).isEqualTo(placeholders(en.get(key)));
        }
    }

    @Test
    void shouldLabelEveryMeasureAndSource() {
        for (Language language : Language.values()) {
            Labels labels = Labels.of(language);
            for (Measure measure : Measure.values()) {
                assertThat(labels.measure(measure)).isNotBlank();
            }
            for (String source : FeverAlerts.SOURCES) {
                assertThat(labels.get("source." + source)).isNotBlank();
            }
            for (Area.Kind kind : Area.Kind.values()) {
                assertThat(labels.get("kind." + kind.name())).isNotBlank();
            }
        }
    }

    @Test
    void shouldFillPlaceholdersVerbatimAndRefuseMissingOnes() {
        Labels zh = Labels.of(Language.ZH);

        assertThat(zh.format("fever.matches", Map.of("alerts", 12345, "fevers", 12345))).contains("(12345)");
        assertThatThrownBy(() -> zh.format("fever.matches", Map.of("alerts", 1))).hasMessageContaining("{fevers}");
        assertThatThrownBy(() -> zh.get("no.such.key")).hasMessageContaining("no.such.key");
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
