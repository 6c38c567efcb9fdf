package io.gatewatch.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started components of one process, closed in reverse order of start, each within a
 * bounded time: a component that hangs on close is reported and left behind rather than holding
 * up the rest (the JVM exits after the last one). A JVM shutdown hook (Ctrl-C, SIGTERM) requests
 * the stop and waits for the owner's thread to finish closing, so one code path closes everything
 * whether the run ended by time, by signal or by failure.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private record Component(String name, AutoCloseable closeable) {}

    private final Deque<Component> started = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration closeTimeout;
    private volatile boolean stoppedBySignal;
    private Thread hook;

    public Lifecycle(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /** Records a started component; it is closed before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T register(String name, T component) {
        started.push(new Component(name, component));
        return component;
    }

    /** Closes the JVM's way out through this lifecycle: Ctrl-C requests the stop, then waits for {@link #close()}. */
    public void installShutdownHook() {
        hook = new Thread(() -> {
            stoppedBySignal = true;
            requestStop();
            try {
                closed.await(closeTimeout.multipliedBy(Math.max(1, started.size())).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatewatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public void requestStop() {
        stopRequested.countDown();
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** True when the stop came from a signal (Ctrl-C), not from the run's own end. */
    public boolean stoppedBySignal() {
        return stoppedBySignal;
    }

    /** Waits until a stop is requested, or {@code max} has passed (zero or negative: no limit). Returns true if stop was requested. */
    public boolean awaitStop(Duration max) throws InterruptedException {
        if (max.isZero() || max.isNegative()) {
            stopRequested.await();
            return true;
        }
        return stopRequested.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        long begin = System.nanoTime();
        boolean any = false;
        Component component;
        while ((component = pop()) != null) {
            closeOne(component);
            any = true;
        }
        if (any) {
            LOG.info("Stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        }
        closed.countDown();
        if (hook != null && !stoppedBySignal) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and will see 'closed'
            }
        }
    }

    private synchronized Component pop() {
        return started.isEmpty() ? null : started.pop();
    }

    private void closeOne(Component component) {
        long begin = System.nanoTime();
        Thread closer = new Thread(() -> {
            try {
                component.closeable().close();
            } catch (Exception e) {
                LOG.warn("{} did not close cleanly", component.name(), e);
            }
        }, "gatewatch-close-" + component.name());
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        if (closer.isAlive()) {
            LOG.warn("{} did not close within {} ms; moving on", component.name(), closeTimeout.toMillis());
        } else {
            LOG.debug("Closed {} in {} ms", component.name(), ms);
        }
    }
}
