package io.gatewatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final List<String> closed = new CopyOnWriteArrayList<>();

    private AutoCloseable component(String name) {
        return () -> closed.add(name);
    }

    @Test
    void shouldCloseInReverseOrderOfStart() {
        Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(5));
        lifecycle.register("broker", component("broker"));
        lifecycle.register("registry", component("registry"));
        lifecycle.register("streams", component("streams"));
        lifecycle.register("simulator", component("simulator"));

        lifecycle.close();

        assertThat(closed).containsExactly("simulator", "streams", "registry", "broker");
    }

    @Test
    void shouldKeepClosingWhenAComponentFails() {
        Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(5));
        lifecycle.register("broker", component("broker"));
        lifecycle.register("sink", () -> {
            throw new IllegalStateException("database gone");
        });

        lifecycle.close();

        assertThat(closed).containsExactly("broker");
    }

    @Test
    void shouldMoveOnFromAComponentThatHangs() {
        CountDownLatch never = new CountDownLatch(1);
        Lifecycle lifecycle = new Lifecycle(Duration.ofMillis(200));
        lifecycle.register("broker", component("broker"));
        lifecycle.register("stuck", never::await);

        long start = System.nanoTime();
        lifecycle.close();

        assertThat(closed).containsExactly("broker");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        never.countDown();
    }

    @Test
    void shouldWakeTheOwnerWhenStopIsRequested() throws Exception {
        Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(1));

        assertThat(lifecycle.awaitStop(Duration.ofMillis(50))).isFalse();
        lifecycle.requestStop();
        assertThat(lifecycle.awaitStop(Duration.ZERO)).isTrue();
        assertThat(lifecycle.stoppedBySignal()).isFalse();
    }
}
