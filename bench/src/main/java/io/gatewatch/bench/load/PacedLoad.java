package io.gatewatch.bench.load;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Paced load against running screening and counts applications: the backlog's scans replayed at a
 * fixed rate, each re-stamped on sending ({@code scannedAt} = send time, a fresh event id so none
 * is taken for a resend), and a read_committed consumer of the alert topics that measures, for
 * every alert of a scan sent in the measured seconds, receive time − {@code scannedAt}, and, to
 * tell processing from delivery, the alert's own {@code detectedAt} − {@code scannedAt}.
 * Producer: the simulator's settings with the gate client's {@code linger.ms=5}.
 */
final class PacedLoad {
    private final String bootstrapServers;
    private final Map<String, Object> serdeConfig;
    private final Backlog backlog;
    private final Deserializer<ScreeningAlert> alerts;
    private final List<ScanEvent> templates;
    private long sequence;

    PacedLoad(String bootstrapServers, Map<String, Object> serdeConfig, Backlog backlog, Deserializer<ScreeningAlert> alerts) {
        this.bootstrapServers = bootstrapServers;
        this.serdeConfig = serdeConfig;
        this.backlog = backlog;
        this.alerts = alerts;
        this.templates = backlog.templates();
    }

    PacedResult run(String guarantee, int rate, int warmupSeconds, int pacedSeconds, List<RunningApp> apps, Offsets offsets)
            throws InterruptedException {
        // a rate starts on caught-up applications: what an earlier rate left behind is not this rate's lag
        awaitCaughtUp(apps, offsets, Duration.ofSeconds(60));
        AlertWatch watch = new AlertWatch();
        Thread consumerThread = new Thread(watch, "harness-alert-consumer");
        consumerThread.start();
        watch.awaitAssigned();
        long measuredSent;
        double seconds;
        double cpu;
        double loadAverage;
        long lagAtEnd;
        try (KafkaProducer<byte[], byte[]> producer = Cluster.producer(bootstrapServers, serdeConfig, 5)) {
            long started = System.nanoTime();
            long warmupEnd = started + Duration.ofSeconds(warmupSeconds).toNanos();
            long end = warmupEnd + Duration.ofSeconds(pacedSeconds).toNanos();
            long sent = 0;
            long sentAtWindow = -1;
            long windowStartNanos = 0;
            ResourceMeter meter = null;
            try {
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    if (sentAtWindow < 0 && now >= warmupEnd) {
                        sentAtWindow = sent;
                        windowStartNanos = now;
                        watch.windowFromMs = System.currentTimeMillis();
                        meter = ResourceMeter.start();
                    }
                    long due = (long) (rate * ((now - started) / 1e9));
                    while (sent < due) {
                        send(producer, rate);
                        sent++;
                    }
                    LockSupport.parkNanos(200_000);
                }
                watch.windowToMs = System.currentTimeMillis();
                seconds = (System.nanoTime() - windowStartNanos) / 1e9;
                measuredSent = sent - sentAtWindow;
                cpu = meter.processCpuSeconds();
                loadAverage = meter.loadAverageAtStart();
            } finally {
                if (meter != null) {
                    meter.close();
                }
            }
            lagAtEnd = lag(apps, offsets);
            producer.flush();
        }
        // let the alerts of the last measured scans arrive: until the applications have caught up, at most 15 s
        awaitCaughtUp(apps, offsets, Duration.ofSeconds(15));
        Thread.sleep(1_000);
        watch.stop.set(true);
        consumerThread.join(10_000);
        if (watch.failure != null) {
            throw new IllegalStateException("The alert consumer failed", watch.failure);
        }
        double achieved = measuredSent / seconds;
        boolean keptUp = achieved >= 0.98 * rate && lagAtEnd <= rate;
        return new PacedResult(guarantee, rate, achieved, seconds, measuredSent, Percentiles.of(watch.histogram), Percentiles.of(watch.detection), lagAtEnd, keptUp,
                cpu, loadAverage);
    }

    /** Records on the applications' inputs not yet committed as consumed (within a commit interval of the processing lag). */
    private static long lag(List<RunningApp> apps, Offsets offsets) {
        return apps.stream().mapToLong(a -> Math.max(0, RunningApp.totalLag(a.lag(offsets)))).sum();
    }

    /** Waits until at most one record per input partition (a transaction marker) is uncommitted, or the timeout. */
    private static void awaitCaughtUp(List<RunningApp> apps, Offsets offsets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int partitions = apps.stream().mapToInt(a -> a.inputs(offsets).size()).sum();
        while (System.nanoTime() < deadline && lag(apps, offsets) > partitions) {
            apps.forEach(RunningApp::checkHealthy);
            Thread.sleep(100);
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, int rate) {
        ScanEvent template = templates.get((int) (sequence % templates.size()));
        ScanEvent scan = ScanEvent.newBuilder(template)
                .setEventId(template.getEventId() + "-paced" + rate + "-" + sequence++)
                .setScannedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .build();
        producer.send(new ProducerRecord<>(Topics.SCANS, backlog.key(template.getDeviceId()), backlog.scan(scan)));
    }

    /** The read_committed consumer of the alert topics, from their ends, recording latencies of alerts in the window. */
    private final class AlertWatch implements Runnable {
        final Histogram histogram = Percentiles.newHistogram();
        final Histogram detection = Percentiles.newHistogram();
        final AtomicBoolean stop = new AtomicBoolean();
        volatile long windowFromMs = Long.MAX_VALUE;
        volatile long windowToMs = Long.MAX_VALUE;
        volatile Throwable failure;
        private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void run() {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = Topics.ALERT_TOPICS.stream()
                        .flatMap(t -> consumer.partitionsFor(t).stream().map(info -> new TopicPartition(t, info.partition())))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // resolve the positions now, before any scan is sent
                assigned.countDown();
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long receivedMs = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        ScreeningAlert alert;
                        try {
                            alert = alerts.deserialize(record.topic(), record.value());
                        } catch (SerializationException e) {
                            continue;
                        }
                        if (alert == null || alert.getScannedAt() == null) {
                            continue;
                        }
                        long scannedMs = alert.getScannedAt().toEpochMilli();
                        if (scannedMs >= windowFromMs && scannedMs < windowToMs) {
                            histogram.recordValue(Math.min(3_600_000_000L, Math.max(0, receivedMs - scannedMs) * 1_000));
                            if (alert.getDetectedAt() != null) {
                                detection.recordValue(Math.min(3_600_000_000L, Math.max(0, alert.getDetectedAt().toEpochMilli() - scannedMs) * 1_000));
                            }
                        }
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                assigned.countDown();
            }
        }

        void awaitAssigned() throws InterruptedException {
            assigned.await();
            if (failure != null) {
                throw new IllegalStateException("The alert consumer failed", failure);
            }
        }
    }
}
