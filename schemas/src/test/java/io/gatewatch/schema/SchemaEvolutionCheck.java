package io.gatewatch.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.AvroRuntimeException;

/**
 * The build-time schema evolution check: every current contract ({@code src/main/avro/*.avsc})
 * must be BACKWARD compatible with every released version of it kept under
 * {@code src/test/resources/schema-history/<Name>/v<N>.avsc}, i.e. a consumer built from today's
 * schema can read anything written with any released one. Released versions are stored
 * self-contained (named types inlined), exactly as a registry holds them.
 */
final class SchemaEvolutionCheck {
    static final Path AVRO_DIR = Path.of("src", "main", "avro");
    static final Path HISTORY_DIR = Path.of("src", "test", "resources", "schema-history");
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private SchemaEvolutionCheck() {}

    /** Problems found (empty when the contracts may be released): one line per incompatibility or gap. */
    static List<String> problems(Path avroDir, Path historyDir) {
        List<String> problems = new ArrayList<>();
        parseContracts(avroDir).forEach((name, current) -> {
            Map<Integer, Schema> released = releasedVersions(historyDir.resolve(name));
            if (released.isEmpty()) {
                problems.add(name + ": no released version under " + historyDir.resolve(name)
                        + " (copy the schema as registered there as v1.avsc when it is first released)");
            }
            released.forEach((version, old) -> {
                SchemaCompatibility.SchemaPairCompatibility result =
                        SchemaCompatibility.checkReaderWriterCompatibility(current, old);
                if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(name + ": current schema cannot read data written with released v" + version + ": "
                            + result.getResult().getIncompatibilities().stream()
                                    .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                                    .toList());
                }
            });
        });
        return problems;
    }

    /**
     * Parses every {@code .avsc} in a directory, in whatever order their cross-file references
     * need (a file is retried once the types it names have been parsed). Keyed by file name.
     */
    static Map<String, Schema> parseContracts(Path avroDir) {
        Map<String, Path> pending = new TreeMap<>();
        try (Stream<Path> files = Files.list(avroDir)) {
            files.filter(f -> f.toString().endsWith(".avsc"))
                    .forEach(f -> pending.put(f.getFileName().toString().replace(".avsc", ""), f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Schema> parsed = new LinkedHashMap<>();
        Map<String, Schema> knownTypes = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            int before = pending.size();
            Map<String, String> failures = new TreeMap<>();
            for (var entry : List.copyOf(pending.entrySet())) {
                Schema.Parser parser = new Schema.Parser().setValidateDefaults(true);
                parser.addTypes(knownTypes.values());
                try {
                    parsed.put(entry.getKey(), parser.parse(entry.getValue().toFile()));
                    knownTypes.putAll(parser.getTypes());
                    pending.remove(entry.getKey());
                } catch (AvroRuntimeException e) {
                    // an undefined name (defined by a file not parsed yet) or a real error, reported if no pass helps
                    failures.put(entry.getKey(), e.getMessage());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException("Unparsable contracts: " + failures);
            }
        }
        return parsed;
    }

    /** Released versions of one contract, by version number; each file parsed on its own. */
    static Map<Integer, Schema> releasedVersions(Path dir) {
        Map<Integer, Schema> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    out.put(Integer.parseInt(m.group(1)), new Schema.Parser().parse(file.toFile()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
