package io.gatewatch.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
