package io.gatewatch.app.cli;

import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.stack.KafkaClients;
import io.gatewatch.producers.devices.DeviceCsv;
import io.gatewatch.producers.devices.DeviceImportException;
import io.gatewatch.producers.devices.DeviceRegistry;
import io.gatewatch.producers.devices.DeviceRows;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.DeviceRegistration;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gatewatch devices import|list|show|retire|reinstate}: the device and checkpoint registry
 * ({@code gatewatch.devices}) for integrators, without hand-written Avro. Exit codes: 0 done,
 * 1 failure, 2 bad usage or configuration, 3 a file refused or a device not found.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Register gate devices and checkpoints (gatewatch.devices): import a CSV, list, show, retire, reinstate.",
        subcommands = {DevicesCommand.Import.class, DevicesCommand.ListDevices.class, DevicesCommand.Show.class,
                DevicesCommand.Retire.class, DevicesCommand.Reinstate.class})
public final class DevicesCommand extends CommandGroup {
    /** Exit code of a refused file or an unknown device id. */
    public static final int EXIT_REFUSED = 3;

    abstract static class DevicesBase extends KafkaCommand {
        DevicesBase() {
            super(ConfigCatalog.DEVICES);
        }

        @Override
        protected final int run(ResolvedConfig config) throws Exception {
            Map<String, Object> serde = config.registryClient();
            SchemaRegistryClient registryClient = SchemaRegistryClients.create(serde);
            try (DeviceRegistry registry = new DeviceRegistry(KafkaClients.producer(config), KafkaClients.consumer(config),
                    registryClient, serde)) {
                int code = run(registry);
                out().flush();
                err().flush();
                return code;
            } finally {
                registryClient.close();
            }
        }

        abstract int run(DeviceRegistry registry) throws Exception;

        void print(DeviceRegistration d) {
            out().printf("%-24s %-24s %-12s %-9s %s %+.2f°C %s%s%n", d.getDeviceId(), d.getCheckpointId(), d.getVillageCode(),
                    d.getCheckpointKind(), DeviceRows.toRow(d).get(DeviceRows.UNIT), d.getCalibrationOffsetCelsius(),
                    d.getCheckpointName() == null ? "-" : d.getCheckpointName(), d.getRetired() ? "  RETIRED" : "");
        }

        int notFound(String deviceId) {
            err().println("No device " + deviceId + " in the registry.");
            return EXIT_REFUSED;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Register or update the devices of a CSV file (UTF-8, header " + DeviceCsv.HEADER + "; unit C or F; "
                    + "kind GATE, CLINIC, PHARMACY, APP or STAFF). All or nothing: a bad row refuses the file (every bad line "
                    + "named); the rows that change something are published in one Kafka transaction. Re-importing the same "
                    + "file changes nothing."})
    static final class Import extends DevicesBase {
        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

        @Override
        int run(DeviceRegistry registry) throws Exception {
            Map<String, DeviceRegistration> current = registry.current();
            List<DeviceRegistration> rows;
            try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                rows = DeviceCsv.read(csv, current::get, Instant.now());
            } catch (DeviceImportException e) {
                err().println("Nothing imported from " + file + ":");
                e.problems().forEach(p -> err().println("  " + p));
                return EXIT_REFUSED;
            }
            List<DeviceRegistration> changes = DeviceRegistry.changes(current, rows);
            registry.publish(changes);
            long added = changes.stream().filter(r -> !current.containsKey(r.getDeviceId())).count();
            out().printf("%d devices in %s: %d new, %d updated, %d unchanged.%n", rows.size(), file, added,
                    changes.size() - added, rows.size() - changes.size());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every registered device: id, checkpoint, village, checkpoint kind, unit, calibration offset, checkpoint name.")
    static final class ListDevices extends DevicesBase {
        @Override
        int run(DeviceRegistry registry) {
            registry.current().values().forEach(this::print);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One device's registration.")
    static final class Show extends DevicesBase {
        @Parameters(paramLabel = "ID", description = "The device id.")
        String deviceId;

        @Override
        int run(DeviceRegistry registry) {
            DeviceRegistration device = registry.current().get(deviceId);
            if (device == null) {
                return notFound(deviceId);
            }
            DeviceRows.toRow(device).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey((a, b) -> DeviceRows.FIELDS.indexOf(a) - DeviceRows.FIELDS.indexOf(b)))
                    .forEach(e -> out().printf("%-25s %s%n", e.getKey(), e.getValue()));
            out().printf("%-25s %s%n", "retired", device.getRetired());
            out().printf("%-25s %s%n", "updatedAt", device.getUpdatedAt());
            return 0;
        }
    }

    /** Sets a device's {@code retired} flag (a no-op when it already has it); the registration stays on record. */
    abstract static class RetiredFlag extends DevicesBase {
        @Parameters(paramLabel = "ID", description = "The device id.")
        String deviceId;

        private final boolean retired;

        RetiredFlag(boolean retired) {
            this.retired = retired;
        }

        @Override
        int run(DeviceRegistry registry) {
            DeviceRegistration device = registry.current().get(deviceId);
            if (device == null) {
                return notFound(deviceId);
            }
            if (device.getRetired() != retired) {
                registry.publish(List.of(DeviceRows.withRetired(device, retired, Instant.now())));
            }
            out().println("Device " + deviceId + (retired ? " retired." : " in service."));
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Take a device out of service: screening refuses its scans (reason retired_device); the registration stays on record.")
    static final class Retire extends RetiredFlag {
        Retire() {
            super(true);
        }
    }

    @Command(name = "reinstate", mixinStandardHelpOptions = true,
            description = "Put a retired device back in service (an import keeps a retired device retired).")
    static final class Reinstate extends RetiredFlag {
        Reinstate() {
            super(false);
        }
    }
}
