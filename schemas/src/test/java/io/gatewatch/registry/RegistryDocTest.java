package io.gatewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.serde.AvroSerdeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** REGISTRY.md documents every setting that is defined, so the doc cannot fall behind the code. */
class RegistryDocTest {

    @Test
    void shouldDocumentEveryRegistryClientAndSerdeSetting() throws IOException {
        String doc = Files.readString(Path.of("REGISTRY.md"));

        assertThat(RegistryClientConfig.configDef().names()).allSatisfy(key -> assertThat(doc).contains("`" + key + "`"));
        assertThat(AvroSerdeConfig.configDef().names()).allSatisfy(key -> assertThat(doc).contains("`" + key + "`"));
    }
}
