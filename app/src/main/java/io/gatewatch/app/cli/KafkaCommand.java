package io.gatewatch.app.cli;

import picocli.CommandLine.Mixin;

/** A process that talks to Kafka and the schema registry: takes the common flags (brokers, registry, metrics port). */
public abstract class KafkaCommand extends ProcessCommand {
    @Mixin
    CommonFlags common;

    protected KafkaCommand(String configScope) {
        super(configScope);
    }
}
