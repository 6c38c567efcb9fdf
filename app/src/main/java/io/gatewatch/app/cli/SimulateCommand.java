package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.producers.sim.Simulator;
import io.gatewatch.producers.sim.SimulatorConfig;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch simulate}: synthetic checkpoint traffic into Kafka, with exact ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish a synthetic county's device registry and scans (deterministic for a seed and sim.start), paced by "
                + "--rate and/or sim.speed, until the scenario ends (sim.duration.ms of event time; 0 = endless) or Ctrl-C.",
                "Prints what it sent: the ground truth a correct pipeline must reproduce."})
public final class SimulateCommand extends ServiceCommand<SimulatorConfig> {
    @Option(names = "--rate", paramLabel = "SCANS/S", description = "At most this many records per second (sim.rate.events.per.second; 0 = no bound).")
    @Setting(SimulatorConfig.RATE_EVENTS_PER_SECOND)
    Double rate;

    @Option(names = "--speed", paramLabel = "X", description = "Simulated seconds per real second (sim.speed; 1 = real time, 0 = ignore the simulated clock).")
    @Setting(SimulatorConfig.SPEED)
    Double speed;

    @Option(names = "--villages", paramLabel = "N", description = "Villages in the county (sim.villages).")
    @Setting(ScenarioConfig.VILLAGES)
    Integer villages;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (sim.seed).")
    @Setting(ScenarioConfig.SEED)
    Long seed;

    public SimulateCommand() {
        super(ConfigCatalog.SIMULATE, "simulator", config -> new SimulatorConfig(EngineConfigs.forProducerEngine(config)));
    }

    @Override
    protected int serve(SimulatorConfig simConfig, ProcessRuntime runtime) throws Exception {
        Simulator simulator = runtime.lifecycle().register("simulator", Simulator.create(simConfig, runtime.metrics().registry()));
        CompletableFuture<Simulator.Report> report = simulator.runAsync()
                .whenComplete((done, failure) -> runtime.lifecycle().requestStop()); // the scenario ended: the process ends too
        int code = runtime.runUntilStopped(out(), "Simulator publishing " + simConfig.getInt(ScenarioConfig.VILLAGES) + " villages, seed "
                + simConfig.getLong(ScenarioConfig.SEED) + ".");
        Simulator.Report r;
        try {
            r = report.get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            r = null; // stopped by a signal mid-send: what was acknowledged is in gatewatch_produced_total
        }
        if (r != null) {
            out().printf("Sent %,d records (%,d refused) in %,d ms: %s%n", r.recordsAcknowledged(), r.sendFailures(),
                    r.wallTime().toMillis(), r.truth());
            out().flush();
            return r.sendFailures() == 0 ? code : io.gatewatch.app.GatewatchCli.EXIT_FAILURE;
        }
        return code;
    }
}
