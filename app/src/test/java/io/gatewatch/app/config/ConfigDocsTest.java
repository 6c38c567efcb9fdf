package io.gatewatch.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIG.md is generated from the ConfigDefs. This fails when someone adds or changes a
 * setting without regenerating it: run {@code ./gatewatch config docs > docs/CONFIG.md}, or this
 * test with {@code -Dgatewatch.docs.update=true}.
 */
class ConfigDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "CONFIG.md");

    @Test
    void shouldMatchTheCommittedConfigReference() throws Exception {
        String generated = ConfigDocs.markdown();
        if (Boolean.getBoolean("gatewatch.docs.update")) {
            Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
        }

        assertThat(DOCS).exists();
        assertThat(Files.readString(DOCS, StandardCharsets.UTF_8))
                .as("docs/CONFIG.md is stale: regenerate with ./gatewatch config docs > docs/CONFIG.md")
                .isEqualTo(generated);
    }

    @Test
    void shouldDocumentEveryKeyWithItsEnvironmentVariable() {
        String generated = ConfigDocs.markdown();

        for (ConfigSection section : ConfigCatalog.sections()) {
            for (String key : section.def().names()) {
                assertThat(generated).contains("| `" + key + "` | `" + ConfigSources.envName(key) + "` |");
            }
        }
    }

    /** Module docs carry no config tables of their own (they drifted from the CLI's keys); they link to a section here. */
    @Test
    void shouldResolveEveryModuleDocLinkToASectionOfTheReference() throws Exception {
        List<String> anchors = ConfigCatalog.sections().stream()
                .map(section -> section.name().toLowerCase(Locale.ROOT).replace(' ', '-')).toList();
        Pattern link = Pattern.compile("docs/CONFIG\\.md#([a-z0-9-]+)");
        int links = 0;
        for (String doc : List.of("streams/SCREENING.md", "streams/COUNTS.md", "producers/INGEST.md",
                "producers/GATE-CLIENT-AND-SIMULATOR.md", "registry/README.md", "sinks/README.md")) {
            Matcher matcher = link.matcher(Files.readString(Path.of("..", doc), StandardCharsets.UTF_8));
            while (matcher.find()) {
                links++;
                assertThat(anchors).as("section linked from %s", doc).contains(matcher.group(1));
            }
        }
        assertThat(links).isGreaterThanOrEqualTo(9);
    }
}
