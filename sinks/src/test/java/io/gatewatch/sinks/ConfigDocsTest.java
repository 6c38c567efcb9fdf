package io.gatewatch.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.sinks.jdbc.SinkConfig;
import io.gatewatch.sinks.subscriber.SubscriberConfig;
import io.gatewatch.sinks.webhook.WebhookConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps the config tables of {@code sinks/README.md} generated from the ConfigDefs. To refresh
 * them after changing a definition: {@code mvn -pl sinks -am test -Dtest=ConfigDocsTest -Ddocs.update=true}.
 */
class ConfigDocsTest {
    private static final Path README = Path.of("README.md");
    private static final Map<String, ConfigDef> TABLES = Map.of(
            "sink", SinkConfig.configDef(),
            "subscriber", SubscriberConfig.configDef(),
            "webhook", WebhookConfig.configDef());

    @Test
    void shouldShowEveryKeyAsDefinedInTheReadme() throws Exception {
        String readme = Files.readString(README);
        String generated = readme;
        for (var table : TABLES.entrySet()) {
            Pattern section = Pattern.compile("(<!-- config:" + table.getKey() + " -->\n)(.*?)(<!-- /config:" + table.getKey() + " -->)",
                    Pattern.DOTALL);
            Matcher matcher = section.matcher(generated);
            assertThat(matcher.find()).as("README section for " + table.getKey()).isTrue();
            generated = matcher.replaceFirst(Matcher.quoteReplacement(
                    matcher.group(1) + ConfigDocs.markdownTable(table.getValue()) + matcher.group(3)));
        }
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(README, generated);
            readme = generated;
        }
        assertThat(readme).as("README config tables are stale: rerun with -Ddocs.update=true").isEqualTo(generated);
    }
}
