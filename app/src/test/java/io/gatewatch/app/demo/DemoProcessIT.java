package io.gatewatch.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it ({@code java -jar app/target/gatewatch.jar demo}), stopped by
 * a signal as Ctrl-C would: the shutdown hook closes everything and the temporary data is gone.
 * Also proves the shaded jar starts (service files merged, logging configured).
 */
class DemoProcessIT {
    private static final Path JAR = Path.of("target", "gatewatch.jar");

    @TempDir
    Path dir;

    @Test
    void shouldStopCleanlyOnSigterm() throws Exception {
        assertThat(JAR).as("the package phase builds the shaded jar before integration tests").exists();
        Path summary = dir.resolve("summary.json");
        Process demo = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "demo", "--metrics-port", "0",
                "--summary-json", summary.toString()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> lines.contains("Press Ctrl-C to stop.") || !demo.isAlive());
            assertThat(demo.isAlive()).as(String.join("\n", lines)).isTrue();
            String dataDir = lines.stream().filter(l -> l.trim().startsWith("Data directory")).findFirst().orElseThrow()
                    .trim().split("\\s{2,}")[1];

            // SIGTERM: like Ctrl-C's SIGINT it runs the JVM's shutdown hooks. Through the handle, because
            // Process.destroy() would also close our end of its stdout and lose what it prints on the way out
            demo.toHandle().destroy();

            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(String.join("\n", lines)).isTrue();
            reader.join(5_000);
            assertThat(lines).as(String.join("\n", lines)).anyMatch(l -> l.contains("Stopped in"));
            assertThat(Path.of(dataDir)).doesNotExist();
            assertThat(Files.readString(summary)).contains("\"stoppedBy\" : \"signal\"");
        } finally {
            if (demo.isAlive()) {
                demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
