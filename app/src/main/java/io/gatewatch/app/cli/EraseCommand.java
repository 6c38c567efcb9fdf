package io.gatewatch.app.cli;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.TopicsConfig;
import io.gatewatch.app.stack.TopicRetention;
import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.schema.PersonTokens;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.jdbc.SinkSchema;
import io.gatewatch.sinks.privacy.PersonErasure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatewatch erase}: answers one person's erasure request (issue 18). Deletes their rows from
 * the sink's database in one transaction with an audit row that holds no token ({@link PersonErasure}),
 * and says what Kafka keeps until retention removes it. Prints neither the identity nor the token.
 */
@Command(name = "erase", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Erase one person from the sink's database: every row holding their token, in one transaction, with "
                + "an erasure_audit row (time, rows per table, --reference; never the token). Prints what was deleted and "
                + "what Kafka keeps until its retention ends. Takes the database like 'report' (report.jdbc.*); --person-id "
                + "needs the deployment's pseudonym.secret. See docs/PRIVACY.md.",
                "Example: gatewatch erase --person-id 330106199001011234 --reference REQ-2026-118 -s pseudonym.secret=..."})
public final class EraseCommand extends DatabaseCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Person person;

    static final class Person {
        @Option(names = "--person-id", paramLabel = "ID", required = true,
                description = "The person's identity number; the token is computed with pseudonym.secret as at the edge.")
        String id;

        @Option(names = "--person-token", paramLabel = "TOKEN", required = true,
                description = "The person's token (43 characters, base64url), e.g. from an alert.")
        String token;
    }

    @Option(names = "--reference", paramLabel = "TEXT", description = "The request's number for the audit row; must not name the person.")
    String reference;

    /** What Kafka keeps of a person after an erasure, and until when (the defaults of {@link TopicsConfig}). */
    static final List<String> KAFKA_KEEPS = List.of(
            String.join(", ", Topics.SCANS, Topics.SCANS_SCREENED, Topics.SCANS_LATE, Topics.SCANS_REJECTED)
                    + ": up to " + days(TopicRetention.DEFAULTS.scans()) + " days (" + TopicsConfig.RETENTION_SCANS_DAYS + ")",
            String.join(", ", Topics.ALERTS_FEVER, Topics.ALERTS_HEALTHCODE, Topics.ALERTS_ESCALATION, Topics.ALERTS_OBSERVATION)
                    + ": up to " + days(TopicRetention.DEFAULTS.alerts()) + " days (" + TopicsConfig.RETENTION_ALERTS_DAYS + ")",
            Topics.OBSERVATION + " (compacted): the person's latest entry until 'gatewatch observation expire' (observation.retention.days after it ended) and compaction",
            "Streams stores: screening-escalation-store for the escalation window, screening-observation-sightings for the "
                    + "breach lookback, screening-observation-watchlist until a day after the observation ends (a tombstone on "
                    + Topics.OBSERVATION + " erases it at once), counts-persons until the window closes");

    @Override
    protected int run(ResolvedConfig config) throws Exception {
        String token = person.token != null ? person.token : tokenOf(person.id, config);
        if (token == null) {
            return GatewatchCli.EXIT_USAGE;
        }
        if (!PersonTokens.isToken(token)) {
            err().println("--person-token is not a person token (43 characters of A-Z a-z 0-9 - _)");
            err().flush();
            return GatewatchCli.EXIT_USAGE;
        }
        PGSimpleDataSource database = ReportCommand.dataSource(config);
        database.setReadOnly(false);
        SinkSchema.migrate(database); // erasure_audit comes with V5
        PersonErasure.Result result = new PersonErasure(database).erase(token, reference);
        out().printf("Erased from PostgreSQL in one transaction (erasure_audit id %d, %s):%n", result.auditId(), result.erasedAt());
        result.deletedRows().forEach((table, rows) -> out().printf("  %-24s %d row(s) deleted%n", table, rows));
        out().println("Kafka keeps this person's records until each topic's retention.ms ends (set by 'gatewatch topics create'):");
        KAFKA_KEEPS.forEach(line -> out().println("  " + line));
        out().println("A replay of the alert topics into the sink before then stores their rows again: erase again after one.");
        out().flush();
        return 0;
    }

    /** The token of {@code identity} under the deployment secret, or null (reported) when the secret is missing or too short. */
    private String tokenOf(String identity, ResolvedConfig config) {
        String secret = config.originals().get(IngestCommonConfig.PSEUDONYM_SECRET);
        if (secret == null) {
            err().println("--person-id needs " + IngestCommonConfig.PSEUDONYM_SECRET + " (the edge's secret) to compute the token");
            err().flush();
            return null;
        }
        try {
            return new Pseudonymizer(secret.getBytes(StandardCharsets.UTF_8)).token(identity);
        } catch (IllegalArgumentException e) {
            err().println("Cannot compute the token of --person-id: " + e.getMessage()); // never contains the identity
            err().flush();
            return null;
        }
    }

    private static long days(Duration keep) {
        return keep.toDays();
    }
}
