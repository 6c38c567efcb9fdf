package io.gatewatch.sinks.kafka;

import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping a consumer that a poll loop on another thread owns. */
public final class ConsumerLoops {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoops.class);

    private ConsumerLoops() {}

    /**
     * Stops the loop: wakes its consumer out of {@code poll()} and waits until the loop has counted
     * {@code finished} down (the loop closes its own consumer, which is not thread-safe). When no
     * loop was ever started, closes the consumer here instead.
     */
    public static void stop(Consumer<?, ?> consumer, CountDownLatch finished, boolean loopStarted) {
        if (!loopStarted) {
            consumer.close();
            return;
        }
        if (finished.getCount() > 0) {
            try {
                consumer.wakeup();
            } catch (RuntimeException e) {
                LOG.debug("Consumer already closing: {}", e.toString());
            }
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
