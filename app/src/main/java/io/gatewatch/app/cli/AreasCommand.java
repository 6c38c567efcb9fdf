package io.gatewatch.app.cli;

import io.gatewatch.app.config.ResolvedConfig;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatewatch areas import}: names of villages, townships and counties for what people read. */
@Command(name = "areas", mixinStandardHelpOptions = true,
        description = "The area gazetteer (PostgreSQL table area_name): names shown beside division codes in reports.",
        subcommands = {AreasCommand.Import.class})
public final class AreasCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Write the names of a CSV file (UTF-8, header code,name or code,name,nameEn; codes of 2, 4, 6, 9 "
                    + "or 12 digits) into the sink's database, in one transaction: a bad line refuses the file (every bad "
                    + "line named, exit 3). Re-importing changes nothing. Takes the database like 'report' (report.jdbc.*)."})
    static final class Import extends DatabaseCommand {
        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

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
            out().flush();
            return 0;
        }
    }
}
