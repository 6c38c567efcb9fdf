package io.gatewatch.app.cli;

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
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatewatch observation import|release FILE}: the health authority's watchlist into
 * {@link Topics#OBSERVATION}, the whole file or nothing (see {@link WatchlistCsv} for the format,
 * {@link WatchlistPublisher} for the transaction). A bad file exits 2 with every bad line named.
 */
@Command(name = "observation", mixinStandardHelpOptions = true,
        description = "Put people under home/central medical observation, or release them (the health authority's watchlist).",
        subcommands = {ObservationCommand.Import.class, ObservationCommand.Release.class})
public final class ObservationCommand implements Runnable {
    /** Exit code of a refused file. */
    public static final int EXIT_INVALID_FILE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Write extends KafkaCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "CSV: header personId|personToken,kind,villageCode,from,to[,releasedOn]")
        Path file;

        abstract WatchlistCsv.Mode mode();

        @Override
        protected String configScope() {
            return ConfigCatalog.OBSERVATION;
        }

        @Override
        protected int run(ResolvedConfig config) throws Exception {
            AbstractConfig settings = new AbstractConfig(IngestCommonConfig.define(new ConfigDef()),
                    EngineConfigs.forProducerEngine(config), false);
            List<ObservationEntry> entries;
            try {
                entries = new WatchlistCsv(IngestCommonConfig.pseudonymizer(settings))
                        .parse(Files.readAllLines(file, StandardCharsets.UTF_8), mode());
            } catch (InvalidWatchlistException e) {
                err().println(file + ": refused, nothing written:");
                e.problems().forEach(p -> err().println("  " + p));
                err().flush();
                return EXIT_INVALID_FILE;
            }
            int written = WatchlistPublisher.create(settings).publish(entries);
            out().printf("%s: %d %s written to %s in one transaction%n", file, written,
                    mode() == WatchlistCsv.Mode.IMPORT ? "observation(s)" : "release(s)", Topics.OBSERVATION);
            out().flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Put the people of FILE under observation (an entry again replaces the person's earlier one).")
    static final class Import extends Write {
        @Override
        WatchlistCsv.Mode mode() {
            return WatchlistCsv.Mode.IMPORT;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release the people of FILE (columns as for import, plus releasedOn: the first day no longer under observation).")
    static final class Release extends Write {
        @Override
        WatchlistCsv.Mode mode() {
            return WatchlistCsv.Mode.RELEASE;
        }
    }
}
