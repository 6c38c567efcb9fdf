package io.gatewatch.app.cli;

import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.stack.AreaNamesTopic;
import io.gatewatch.schema.AreaName;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.areas.AreaNames;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatewatch areas import}: names of villages, townships and counties for what people read,
 * into the sink's database (for reports and the {@code alert_named} view) and onto the compacted
 * topic {@link Topics#AREAS} (for the webhook notifier and the alert subscriber, which read Kafka only).
 */
@Command(name = "areas", mixinStandardHelpOptions = true,
        description = "The area gazetteer (PostgreSQL table area_name and the compacted topic gatewatch.areas): names shown "
                + "beside division codes in reports, webhook bodies and subscriber lines.",
        subcommands = {AreasCommand.Import.class})
public final class AreasCommand extends CommandGroup {
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Write the names of a CSV file (UTF-8, header code,name or code,name,nameEn; codes of 2, 4, 6, 9 "
                    + "or 12 digits) into the sink's database, in one transaction: a bad line refuses the file (every bad "
                    + "line named, exit 3), then the names that changed onto gatewatch.areas in one Kafka transaction (for "
                    + "the webhook notifier and the subscriber). Re-importing changes nothing. Takes the database like 'report' "
                    + "(report.jdbc.*) and Kafka and the registry like every process."})
    static final class Import extends DatabaseCommand {
        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

        @Mixin
        CommonFlags common;

        @Option(names = "--no-topic", description = "Write the database only, not gatewatch.areas (where nothing reads names from Kafka).")
        boolean noTopic;

        @Override
        protected int run(ResolvedConfig config) throws Exception {
            List<AreaNames.AreaName> names;
            try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                names = AreaNames.read(csv);
            } catch (AreaNames.AreaImportException e) {
                err().println("Nothing imported from " + file + ":");
                e.problems().forEach(p -> err().println("  " + p));
                err().flush();
                return DevicesCommand.EXIT_REFUSED;
            }
            PGSimpleDataSource database = ReportCommand.dataSource(config);
            database.setReadOnly(false);
            SinkSchema.migrate(database); // the gazetteer may come before the sink's first start
            int changed = AreaNames.write(database, names, Instant.now());
            out().printf("%d areas in %s: %d new or renamed, %d unchanged.%n", names.size(), file, changed, names.size() - changed);
            if (noTopic) {
                out().flush();
                return 0;
            }
            try {
                out().printf("%d published to %s.%n", AreaNamesTopic.publish(config, names, false), Topics.AREAS);
            } catch (RuntimeException e) {
                err().println("The names are in the database but NOT published to " + Topics.AREAS + ": " + e.getMessage());
                err().println("Run again with Kafka and the registry reachable (kafka.bootstrap.servers, schema.registry.url), "
                        + "or with --no-topic where nothing reads names from Kafka.");
                return 1;
            } finally {
                out().flush();
                err().flush();
            }
            return 0;
        }

    }
}
