package io.gatewatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @Test
    void shouldKeepRowsAcrossARestartWithTheSameDataDirectory(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0);
             Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gate (id text primary key)");
            s.execute("INSERT INTO gate VALUES ('G1')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0);
             Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM gate")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("G1");
        }
    }
}
