package io.gatewatch.app.cli;

import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.producers.observation.InvalidWatchlistException;
import io.gatewatch.producers.observation.WatchlistCsv;
import io.gatewatch.producers.observation.WatchlistPublisher;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatewatch observation import|release FILE} and {@code expire}: the health authority's watchlist into
 * {@link Topics#OBSERVATION}, the whole file or nothing (see {@link WatchlistCsv} for the format,
 * {@link WatchlistPublisher} for the transaction). A bad file exits 2 with every bad line named.
 */
@Command(name = "observation", mixinStandardHelpOptions = true,
        description = "Put people under home/central medical observation, or release them (the health authority's watchlist).",
        subcommands = {ObservationCommand.Import.class, ObservationCommand.Release.class, ObservationCommand.Expire.class})
public final class ObservationCommand extends CommandGroup {
    /** Exit code of a refused file. */
    public static final int EXIT_INVALID_FILE = 2;

    /** The ingest settings (Kafka, registry, secret) for the watchlist's writer. */
    static AbstractConfig settings(ResolvedConfig config) {
        return new AbstractConfig(IngestCommonConfig.define(new ConfigDef()), EngineConfigs.forProducerEngine(config), false);
    }

    abstract static class Write extends KafkaCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "CSV: header personId|personToken,kind,villageCode,from,to[,releasedOn]")
        Path file;

        private final WatchlistCsv.Mode mode;

        Write(WatchlistCsv.Mode mode) {
            super(ConfigCatalog.OBSERVATION);
            this.mode = mode;
        }

        @Override
        protected int run(ResolvedConfig config) throws Exception {
            AbstractConfig settings = settings(config);
            List<ObservationEntry> entries;
            try {
                entries = new WatchlistCsv(IngestCommonConfig.pseudonymizer(settings))
                        .parse(Files.readAllLines(file, StandardCharsets.UTF_8), mode);
            } catch (InvalidWatchlistException e) {
                err().println(file + ": refused, nothing written:");
                e.problems().forEach(p -> err().println("  " + p));
                err().flush();
                return EXIT_INVALID_FILE;
            }
            int written;
            try (WatchlistPublisher watchlist = WatchlistPublisher.create(settings)) {
                written = watchlist.publish(entries);
            }
            out().printf("%s: %d %s written to %s in one transaction (unchanged entries are not written again)%n", file, written,
                    mode == WatchlistCsv.Mode.IMPORT ? "observation(s)" : "release(s)", Topics.OBSERVATION);
            out().flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Put the people of FILE under observation (an entry again replaces the person's earlier one).")
    static final class Import extends Write {
        Import() {
            super(WatchlistCsv.Mode.IMPORT);
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release the people of FILE (columns as for import, plus releasedOn: the first day no longer under observation).")
    static final class Release extends Write {
        Release() {
            super(WatchlistCsv.Mode.RELEASE);
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true,
            description = {"Remove from the watchlist every entry that has held nobody for more than observation.retention.days "
                    + "(tombstones in one transaction; compaction then deletes the records). Run it daily.",
                    "Prints how many entries it removed, never who."})
    static final class Expire extends KafkaCommand {
        @Option(names = "--keep-days", paramLabel = "DAYS", description = "Days to keep an ended entry (observation.retention.days).")
        @Setting(ConfigCatalog.OBSERVATION_RETENTION_DAYS)
        Integer keepDays;

        Expire() {
            super(ConfigCatalog.OBSERVATION);
        }

        @Override
        protected int run(ResolvedConfig config) {
            int days = config.getInt(ConfigCatalog.OBSERVATION_RETENTION_DAYS);
            LocalDate today = LocalDate.now(ZoneId.of(config.getString(CommonConfig.TIME_ZONE)));
            List<String> removed;
            try (WatchlistPublisher watchlist = WatchlistPublisher.create(settings(config))) {
                removed = watchlist.expire(today, days);
            }
            out().printf("%d watchlist entr%s ended more than %d days before %s removed from %s%n", removed.size(),
                    removed.size() == 1 ? "y" : "ies", days, today, Topics.OBSERVATION);
            out().flush();
            return 0;
        }
    }
}
