package io.gatewatch.app.cli;

import java.util.Map;
import picocli.CommandLine.Mixin;

/** A process that talks to Kafka and the schema registry: takes the common flags (brokers, registry, metrics port). */
public abstract class KafkaCommand extends ProcessCommand {
    @Mixin
    CommonFlags common;

    /** The common flags; a subclass with flags of its own adds them after calling this. */
    @Override
    protected void putFlags(Map<String, String> flags) {
        common.putInto(flags);
    }
}
