package io.gatewatch.app.cli;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.sinks.subscriber.AlertSubscriberRunner;
import io.gatewatch.sinks.subscriber.SubscriberConfig;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatewatch subscribe}: alerts as they happen, for health authorities. An interactive
 * viewer: it prints to the terminal and serves no metrics endpoint.
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follow the alert topics live and print matching alerts, one per line (readable, or JSON with --json), "
                + "until Ctrl-C, villages and checkpoints by name and code (from gatewatch.areas and gatewatch.devices). "
                + "Its own consumer group (subscriber.group.id); works against any Kafka (kafka.* TLS/SASL settings)."})
public final class SubscribeCommand extends ProcessCommand {
    @Mixin
    KafkaFlags kafka;

    @Option(names = "--area", paramLabel = "CODE-PREFIX,...",
            description = "Only these areas: admin-code prefixes, county 6 digits, township 9, village 12 (subscriber.filter.area.prefixes).")
    @Setting("subscriber.filter.area.prefixes")
    String areas;

    @Option(names = "--types", paramLabel = "TYPE,...", description = "Only these alert types, e.g. FEVER,RED_CODE_ENTRY (subscriber.filter.types).")
    @Setting("subscriber.filter.types")
    String types;

    @Option(names = "--min-severity", paramLabel = "LEVEL", description = "LOW, MEDIUM, HIGH or CRITICAL (subscriber.filter.min.severity).")
    @Setting("subscriber.filter.min.severity")
    String minSeverity;

    @Option(names = "--json", description = "One JSON object per line (subscriber.output.format=json).")
    Boolean json;

    @Option(names = "--from-beginning", description = "Start with the oldest alerts still on the topics (subscriber.from.beginning).")
    @Setting("subscriber.from.beginning")
    Boolean fromBeginning;

    public SubscribeCommand() {
        super(ConfigCatalog.SUBSCRIBE);
    }

    /** {@code --json} is a switch; the setting is the output format's name. */
    @Override
    protected void putFlags(Map<String, String> flags) {
        super.putFlags(flags);
        putIfSet(flags, "subscriber.output.format", Boolean.TRUE.equals(json) ? "json" : null);
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        new SubscriberConfig(EngineConfigs.forConsumerEngine(config, ConfigCatalog.SUBSCRIBER_SECTION));
    }

    @Override
    protected int run(ResolvedConfig config) {
        int code = AlertSubscriberRunner.run(EngineConfigs.forConsumerEngine(config, ConfigCatalog.SUBSCRIBER_SECTION), System.out, System.err);
        return code == AlertSubscriberRunner.BAD_CONFIG ? GatewatchCli.EXIT_USAGE : code;
    }
}
