package io.gatewatch.bench.chaos;

import io.gatewatch.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The chaos suite's broker as its own JVM: a real KRaft broker ({@link EmbeddedKafka}) on a fixed
 * port and a kept data directory, so it can be killed with {@code kill -9} and started again on
 * the same log, as a broker host that fails. Arguments: data directory, port. Prints
 * {@value #READY} and the bootstrap servers once it serves.
 */
public final class BrokerMain {
    static final String READY = "BROKER READY";

    private BrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(READY + " " + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
