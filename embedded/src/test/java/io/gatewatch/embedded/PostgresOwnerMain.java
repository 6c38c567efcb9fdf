package io.gatewatch.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A JVM that owns an embedded PostgreSQL and then waits to be killed, for tests of what a
 * {@code kill -9} of the owner leaves behind. Arguments: the data directory, and
 * {@code --no-watchdog} to end the watchdog (so the server is left orphaned, as on main before
 * issue 14). Prints {@code READY <postmaster pid>} once a row is stored.
 */
public final class PostgresOwnerMain {
    private PostgresOwnerMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(args[0]), 0);
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS gate (id text primary key)");
            s.execute("INSERT INTO gate VALUES ('G1') ON CONFLICT DO NOTHING");
        }
        if (args.length > 1 && args[1].equals("--no-watchdog")) {
            ProcessHandle.current().children().filter(p -> p.info().command().map(cmd -> cmd.endsWith("sh")).orElse(false))
                    .forEach(ProcessHandle::destroy);
        }
        System.out.println("READY " + pg.postmasterPid().orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
