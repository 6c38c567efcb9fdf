package io.gatewatch.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** registry/README.md documents every setting of the registry server, so the doc cannot fall behind the code. */
class RegistryReadmeTest {

    @Test
    void shouldDocumentEveryRegistrySetting() throws IOException {
        String doc = Files.readString(Path.of("README.md"));

        assertThat(EmbeddedSchemaRegistryConfig.configDef().names()).allSatisfy(key -> assertThat(doc).contains("`" + key + "`"));
    }
}
