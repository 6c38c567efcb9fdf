package io.gatewatch.app.cli;

import io.gatewatch.app.ProcessRuntime;
import io.gatewatch.app.config.ResolvedConfig;
import java.util.function.Function;

/**
 * A long-running process around one engine (ingest, bridge, simulator, sink, webhook, registry,
 * streams): builds the engine's configuration from the resolved settings (so {@code --print-config}
 * and start-up fail on a bad one before anything starts), then starts a {@link ProcessRuntime},
 * serves until stopped and closes the runtime whatever happens.
 *
 * @param <E> the engine's own configuration
 */
public abstract class ServiceCommand<E> extends KafkaCommand {
    private final String process;
    private final Function<ResolvedConfig, E> engineConfig;

    /**
     * @param configScope the {@link io.gatewatch.app.config.ConfigCatalog} scope this command reads
     * @param process the process's name in its metrics
     * @param engineConfig the engine's configuration from the resolved settings; throws on a bad one
     */
    protected ServiceCommand(String configScope, String process, Function<ResolvedConfig, E> engineConfig) {
        super(configScope);
        this.process = process;
        this.engineConfig = engineConfig;
    }

    @Override
    protected void validateEngine(ResolvedConfig config) {
        engineConfig.apply(config);
    }

    @Override
    protected final int run(ResolvedConfig config) throws Exception {
        E engine = engineConfig.apply(config);
        try (ProcessRuntime runtime = ProcessRuntime.start(process, config)) {
            return serve(engine, runtime);
        }
    }

    /**
     * Starts the engine's components in {@code runtime} (registered with its lifecycle and health),
     * then returns {@link ProcessRuntime#runUntilStopped}'s exit code.
     */
    protected abstract int serve(E engine, ProcessRuntime runtime) throws Exception;
}
