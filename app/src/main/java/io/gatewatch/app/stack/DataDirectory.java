package io.gatewatch.app.stack;

import io.gatewatch.embedded.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root directory of a local stack's data: either given (kept, so a restart resumes) or a
 * fresh temporary one (deleted on {@link #close()}, after every component using it has closed).
 */
public final class DataDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;
    private final boolean temporary;

    private DataDirectory(Path root, boolean temporary) {
        this.root = root;
        this.temporary = temporary;
    }

    /** {@code configured} empty: a new temporary directory; otherwise that directory, created if missing. */
    public static DataDirectory of(String configured) {
        try {
            if (configured == null || configured.isBlank()) {
                return new DataDirectory(Files.createTempDirectory("gatewatch-demo-"), true);
            }
            Path root = Path.of(configured).toAbsolutePath();
            Files.createDirectories(root);
            return new DataDirectory(root, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + configured, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String part) {
        return root.resolve(part);
    }

    public boolean temporary() {
        return temporary;
    }

    @Override
    public void close() {
        if (!temporary || !Files.exists(root)) {
            return;
        }
        Directories.deleteRecursively(root);
    }
}
