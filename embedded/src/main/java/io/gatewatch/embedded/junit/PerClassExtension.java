package io.gatewatch.embedded.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A resource started before a test class's first test and closed after its last: the shared life
 * cycle of {@link KafkaBrokerExtension} and {@link PostgresExtension}, registered as a static field.
 */
public abstract class PerClassExtension<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<T> start;
    private T resource;

    protected PerClassExtension(Supplier<T> start) {
        this.start = start;
    }

    @Override
    public final void beforeAll(ExtensionContext context) {
        resource = start.get();
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        if (resource != null) {
            resource.close();
            resource = null;
        }
    }

    /** The running resource; only between the class's {@code beforeAll} and {@code afterAll}. */
    protected final T resource() {
        if (resource == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " must be a static @RegisterExtension field");
        }
        return resource;
    }
}
