package io.gatewatch.sinks.report;

import static io.gatewatch.sinks.report.ReportScenario.D1;
import static io.gatewatch.sinks.report.ReportScenario.T1;
import static io.gatewatch.sinks.report.ReportScenario.V11;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Checkpoints operating" counts what the registry says a checkpoint is (DeviceRegistration
 * checkpointKind, stored as {@code device_registration.checkpoint_kind}), not what its scans' sources
 * suggest; the sources decide only for a checkpoint no registration names. Over {@link ReportScenario},
 * where township T1 has on the 28th three gates sending gate scans (registered GATE) and an
 * unregistered clinic sending clinic scans.
 */
class RegisteredCheckpointKindIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static ReportGenerator generator;

    @BeforeAll
    static void schema() {
        generator = new ReportGenerator(POSTGRES.dataSource(), ReportScenario.NOW);
    }

    @BeforeEach
    void scenario() throws Exception {
        ReportScenario.standard().write(POSTGRES.dataSource());
    }

    private static DayReport township() {
        return generator.generate(ReportQuery.forDay(D1, T1)).days().get(0);
    }

    @Test
    void shouldListAGateScanningCheckpointRegisteredAsAClinicAmongTheClinics() throws Exception {
        // Given CP-V11-2, whose scans all come from gate devices, registered as a clinic
        execute("UPDATE device_registration SET checkpoint_kind = 'CLINIC' WHERE checkpoint_id = 'CP-V11-2'");

        // When
        DayReport day = township();

        // Then it is listed as a clinic and not counted as an operating gate
        assertThat(day.checkpoints()).filteredOn(c -> c.checkpointId().equals("CP-V11-2"))
                .extracting(CheckpointFigures::kind).containsExactly("CLINIC");
        assertThat(day.operatingCheckpoints()).isEqualTo(2);
        assertThat(day.otherReportingPoints()).isEqualTo(Map.of("CLINIC", 2L));
    }

    @Test
    void shouldCountAClinicScanningCheckpointRegisteredAsAGateAmongTheGates() throws Exception {
        // Given the clinic's reporting point registered as a gate of village V11
        execute("INSERT INTO device_registration (device_id, checkpoint_id, village_code, kind, registered_at, kafka_offset, "
                + "checkpoint_kind) VALUES ('CLINIC-330110101', 'CLINIC-330110101', '" + V11 + "', 'COMBINED', "
                + "'2026-10-01T00:00:00Z', 0, 'GATE')");

        // When
        DayReport day = township();

        // Then it counts among the operating gates and nothing is listed apart
        assertThat(day.checkpoints()).filteredOn(c -> c.checkpointId().equals("CLINIC-330110101"))
                .extracting(CheckpointFigures::kind).containsExactly("GATE");
        assertThat(day.operatingCheckpoints()).isEqualTo(4);
        assertThat(day.otherReportingPoints()).isEmpty();
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
