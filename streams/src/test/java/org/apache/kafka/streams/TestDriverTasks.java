package org.apache.kafka.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Closes a {@link TopologyTestDriver}'s task the way a clean shutdown of Kafka Streams does
 * (suspend, commit, flush, checkpoint, close the stores) without the driver's own {@code close()},
 * which then wipes the state directory. A test copies the directory in between to start a new
 * driver on the state a restarted instance would find. In Kafka's package because the driver's task
 * is package-private; test support only.
 */
public final class TestDriverTasks {
    private TestDriverTasks() {}

    /** Closes the task cleanly and detaches it, so a later {@link TopologyTestDriver#close()} leaves it alone. */
    public static void closeTaskCleanly(TopologyTestDriver driver) {
        if (driver.task == null) {
            return;
        }
        driver.task.suspend();
        driver.task.prepareCommit(true);
        driver.task.postCommit(true);
        driver.task.closeClean();
        driver.task = null;
    }

    /**
     * Closes the task cleanly, copies {@code stateDir} to a new temporary directory and returns it:
     * the local state a restarted instance finds. The stores named {@code lost} are missing from the
     * copy, as after a crash under exactly-once, when Kafka Streams wipes the task's state and restores
     * only the stores with a changelog (the copy keeps the logged stores as their changelog would restore them).
     */
    public static Path restartStateLosing(TopologyTestDriver driver, Path stateDir, String... lost) {
        closeTaskCleanly(driver);
        try {
            Path copy = Files.createTempDirectory("ttd-restart-");
            try (Stream<Path> paths = Files.walk(stateDir)) {
                for (Path source : paths.toList()) {
                    Path target = copy.resolve(stateDir.relativize(source).toString());
                    String name = source.getFileName().toString();
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (!name.equals("LOCK") && !name.endsWith(".lock")) {
                        Files.copy(source, target);
                    }
                }
            }
            for (String store : lost) {
                try (Stream<Path> paths = Files.walk(copy)) {
                    for (Path dir : paths.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals(store)).toList()) {
                        deleteRecursively(dir);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory and everything below it. */
    public static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
