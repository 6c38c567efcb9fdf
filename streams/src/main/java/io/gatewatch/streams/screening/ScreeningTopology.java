package io.gatewatch.streams.screening;

import io.gatewatch.schema.AlertAudiences;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreenedScanPartitioning;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.ScanEventTimestampExtractor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The screening topology: every scan from every source passes through it once.
 *
 * <pre>
 * gatewatch.scans (key deviceId) ──► validate ──► enrich (global table gatewatch.devices)
 *        │ bad bytes                  │ refused      │ refused
 *        └──────────────► gatewatch.scans.rejected ◄─┘  (original bytes + reason headers)
 *                                                      ▼
 *                               de-duplicate by (eventId, scan time) (window store, per device partition)
 *                                                      ▼
 *                  classify: normalise °F→°C, calibrate, FEVER / NON_GREEN_CODE / RED_CODE_ENTRY / DEVICE_FAULT
 *        ┌──────────────┬──────────────────────┬───────┴──────────────────┐
 *  scans.screened   alerts.fever       device fault rate        flagged scans ─► repartition by person token
 *  (key village)    alerts.healthcode  (per device window)                        ▼
 *                   faults.device ◄────────────┘                     MULTI_CHECKPOINT ─► alerts.escalation
 *        │
 *        └─ gate and check-in sightings ─► repartition by person token (ObservationPartitioning) ─┐
 *                                                                                                  ▼
 *           gatewatch.observation (watchlist, key person token) ──► OBSERVATION_BREACH / MISSED_CHECKIN ─► alerts.observation
 * </pre>
 *
 * <p><b>Outputs.</b> Every output is keyed by villageCode and stamped with the scan's event time
 * (a MISSED_CHECKIN, which has no scan, with the deadline of the slot it missed).
 * {@link Topics#SCANS_SCREENED} receives every valid, de-duplicated scan exactly once (device
 * faults included, classified), for the counts topology, partitioned by county
 * ({@link ScreenedScanPartitioning}, marked with its header) so the counts need no repartition.
 * Alerts are split by audience, because access to them is granted per topic:
 * <ul>
 *   <li>{@link Topics#ALERTS_FEVER}: FEVER — medical follow-up by health authorities;</li>
 *   <li>{@link Topics#ALERTS_HEALTHCODE}: NON_GREEN_CODE and RED_CODE_ENTRY — health-code status
 *       reveals quarantine/isolation status, for the epidemic-control team;</li>
 *   <li>{@link Topics#ALERTS_ESCALATION}: MULTI_CHECKPOINT — a person's movements across gates,
 *       the most sensitive, for the smallest group;</li>
 *   <li>{@link Topics#ALERTS_OBSERVATION}: OBSERVATION_BREACH and MISSED_CHECKIN — who is under
 *       medical observation and where they went ({@link ObservationProcessor});</li>
 *   <li>{@link Topics#FAULTS_DEVICE}: DEVICE_FAULT and DEVICE_FAULT_RATE — for operations; these
 *       carry no person token, so ops staff can read them without access to health data.</li>
 * </ul>
 * Alerts are emitted as they happen (no suppression): one record per alert id, except that a
 * MULTI_CHECKPOINT id may recur if two flags of one person share a millisecond; consumers upsert
 * on alertId.
 *
 * <p><b>Device registry as a global table.</b> The registry is small (one row per device), so
 * every instance holds all of it. A global table is fully loaded before any scan is processed
 * and needs no co-partitioning with the scans topic; a co-partitioned table would be read in
 * timestamp order against the scans, so on replaying a backlog of late-uploaded scans (event
 * times hours old) the registrations (newer timestamps) would not yet be loaded and valid scans
 * would be refused as unknown devices. The price: a registration written after a scan that needs
 * it is not waited for (the scan is refused as {@code unknown_device}); register devices before
 * they go live.
 *
 * <p><b>Order of steps.</b> Refusals (validation, unknown device) happen before
 * de-duplication, so a refused scan does not consume its eventId and a corrected retry still
 * goes through; duplicates of a refused scan are refused again.
 *
 * <p>Pure: builds and returns the topology, never starts it. Every processor, store and internal
 * topic is named ({@link ScreeningNames}); {@code ensure.explicit.internal.resource.naming} is
 * forced on.
 */
public final class ScreeningTopology {
    private static final Logger LOG = LoggerFactory.getLogger(ScreeningTopology.class);

    private ScreeningTopology() {}

    /** The topology with the system UTC clock as wall clock. */
    public static Topology build(ScreeningConfig config, ScreeningSerdes serdes, MeterRegistry meterRegistry, Properties props) {
        return build(config, serdes, meterRegistry, props, Clock.systemUTC());
    }

    /**
     * The topology.
     *
     * @param props the application's Kafka Streams properties ({@code application.id} and
     *              {@code bootstrap.servers} at least); not modified
     * @param clock wall clock for validation ("now"), {@code screenedAt} and {@code detectedAt}
     */
    public static Topology build(ScreeningConfig config, ScreeningSerdes serdes, MeterRegistry meterRegistry,
                                 Properties props, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Objects.requireNonNull(clock, "clock");
        Properties effective = new Properties();
        effective.putAll(props);
        effective.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(effective)));
        new Wiring(config, serdes, new ScreeningMetrics(meterRegistry), clock).addTo(builder);
        Topology topology = builder.build(effective);
        LOG.info("Screening topology:\n{}", topology.describe());
        return topology;
    }

    /** The steps, each a small named piece. */
    private static final class Wiring {
        private final ScreeningConfig config;
        private final ScreeningSerdes serdes;
        private final ScreeningMetrics metrics;
        private final Clock clock;
        private final Alerts alerts;
        private final DeviceRegistry devices = new DeviceRegistry();

        Wiring(ScreeningConfig config, ScreeningSerdes serdes, ScreeningMetrics metrics, Clock clock) {
            this.config = config;
            this.serdes = serdes;
            this.metrics = metrics;
            this.clock = clock;
            this.alerts = new Alerts(config);
        }

        void addTo(StreamsBuilder builder) {
            // The registry is read by ScreeningProcessor from its global store, through a per-task cache.
            devices.addTo(builder, serdes.key(), serdes.device());

            KStream<String, Checked> checked = builder.stream(Topics.SCANS,
                            Consumed.with(serdes.key(), serdes.scan())
                                    .withTimestampExtractor(new ScanEventTimestampExtractor(config.maxFutureSkewMs(), clock))
                                    .withName(ScreeningNames.SCANS_SOURCE))
                    .processValues(ScreeningProcessor.supplier(config, alerts, metrics, clock, devices), Named.as(ScreeningNames.SCREEN));
            // ScreeningProcessor forwards each record to one of these two children, by name.
            rejected(checked);
            KStream<String, Screening> screenings = checked.mapValues(Checked::screening, Named.as(ScreeningNames.TO_SCREENING));

            screened(screenings);
            // The scan's own alerts and the DEVICE_FAULT_RATE alert it tipped, if any.
            publish(screenings.flatMap(
                    (deviceId, screening) -> {
                        List<ScreeningAlert> raised = screening.alerts();
                        if (raised.isEmpty()) {
                            return List.of();
                        }
                        List<KeyValue<String, ScreeningAlert>> out = new ArrayList<>(raised.size());
                        for (ScreeningAlert alert : raised) {
                            out.add(KeyValue.pair(alert.getVillageCode(), alert));
                        }
                        return out;
                    },
                    Named.as(ScreeningNames.SCAN_ALERTS)));
            publishEscalations(escalations(screenings));
            if (config.observationEnabled()) {
                observation(builder, screenings);
            }
        }

        /**
         * Breaches and missed check-ins: every gate and check-in sighting, repartitioned by person
         * token with {@link ObservationPartitioning} (the function {@code gatewatch.observation} is
         * written with), meets the watchlist in one sub-topology ({@link ObservationProcessor}).
         */
        private void observation(StreamsBuilder builder, KStream<String, Screening> screenings) {
            KStream<String, PersonInput> sightings = screenings
                    .flatMap((deviceId, screening) -> {
                        ScreenedScan screened = screening.screened();
                        String person = screened.getScan().getPersonToken();
                        if (person == null || !Sighting.isSighting(screened.getScan().getSource())) {
                            return List.<KeyValue<String, Sighting>>of();
                        }
                        return List.of(KeyValue.pair(person, Sighting.of(screened)));
                    }, Named.as(ScreeningNames.SIGHTING_BY_PERSON))
                    .repartition(Repartitioned.<String, Sighting>as(ScreeningNames.SIGHTINGS_BY_PERSON)
                            .withKeySerde(serdes.key())
                            .withValueSerde(Sighting.SERDE)
                            .withStreamPartitioner((topic, person, sighting, partitions) ->
                                    Optional.of(Set.of(ObservationPartitioning.partitionOf(person, partitions)))))
                    .mapValues(PersonInput::seen, Named.as(ScreeningNames.SIGHTING_INPUTS));
            KStream<String, PersonInput> watchlist = builder
                    .stream(Topics.OBSERVATION, Consumed.with(serdes.key(), serdes.observation())
                            .withName(ScreeningNames.OBSERVATION_SOURCE))
                    .mapValues(PersonInput::watchlist, Named.as(ScreeningNames.WATCHLIST_INPUTS));
            sightings.merge(watchlist, Named.as(ScreeningNames.PERSON_INPUTS))
                    .process(ObservationProcessor.supplier(config, alerts, clock), Named.as(ScreeningNames.OBSERVE))
                    .peek((village, alert) -> metrics.alertRaised(alert), Named.as(ScreeningNames.OBSERVATION_ALERTS + "-count"))
                    .to(Topics.ALERTS_OBSERVATION, produced(ScreeningNames.OBSERVATION_ALERTS + "-sink"));
        }

        private void rejected(KStream<String, Checked> rejections) {
            rejections.process(RejectionProcessor.supplier(serdes.key(), serdes.scan(), metrics, clock),
                            Named.as(ScreeningNames.REJECT))
                    .to(Topics.SCANS_REJECTED, Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName(ScreeningNames.REJECTED_SINK));
        }

        /**
         * Every screened scan, keyed by village and partitioned by county with the shared function
         * ({@link ScreenedScanPartitioning}), and marked so: the counts topology then aggregates each
         * county in the task that reads its partition, without a repartition topic of its own.
         */
        private void screened(KStream<String, Screening> screenings) {
            screenings.process(ScreenedByCounty::new, Named.as(ScreeningNames.SCREENED_BY_VILLAGE))
                    .to(Topics.SCANS_SCREENED, Produced.with(serdes.key(), serdes.screened())
                            .withStreamPartitioner((topic, village, screened, partitions) ->
                                    Optional.of(Set.of(ScreenedScanPartitioning.partitionOf(village, partitions))))
                            .withName(ScreeningNames.SCREENED_SINK));
        }

        private KStream<String, ScreeningAlert> escalations(KStream<String, Screening> screenings) {
            return screenings
                    .filter((deviceId, screening) -> screening.flagged(), Named.as(ScreeningNames.FLAGGED))
                    .map((deviceId, screening) -> KeyValue.pair(screening.screened().getScan().getPersonToken(),
                            screening.screened()), Named.as(ScreeningNames.FLAG_BY_PERSON))
                    .repartition(Repartitioned.<String, ScreenedScan>as(ScreeningNames.FLAGS_BY_PERSON)
                            .withKeySerde(serdes.key())
                            .withValueSerde(serdes.screened()))
                    .process(EscalationProcessor.supplier(config, alerts, serdes.screened(), clock),
                            Named.as(ScreeningNames.ESCALATE));
        }

        /** Counts the per-scan and device alerts and routes each type to its audience's topic. */
        private void publish(KStream<String, ScreeningAlert> alertStream) {
            String prefix = ScreeningNames.SCAN_ALERTS_OUT;
            alertStream
                    .peek((village, alert) -> metrics.alertRaised(alert), Named.as(prefix + "count"))
                    .split(Named.as(prefix))
                    .branch((village, alert) -> audience(alert, Topics.ALERTS_FEVER),
                            Branched.withConsumer(s -> s.to(Topics.ALERTS_FEVER, produced(prefix + "fever-sink")), "fever"))
                    .branch((village, alert) -> audience(alert, Topics.ALERTS_HEALTHCODE),
                            Branched.withConsumer(s -> s.to(Topics.ALERTS_HEALTHCODE, produced(prefix + "healthcode-sink")),
                                    "healthcode"))
                    .branch((village, alert) -> audience(alert, Topics.FAULTS_DEVICE),
                            Branched.withConsumer(s -> s.to(Topics.FAULTS_DEVICE, produced(prefix + "device-sink")), "device"))
                    // escalations have their own stream (publishEscalations); a type routed nowhere above
                    // fails loudly instead of landing on the operations topic by omission
                    .defaultBranch(Branched.withConsumer(s -> s.foreach((village, alert) -> {
                        throw new IllegalStateException("alert type " + alert.getType() + " is not published by the scan alert stream; "
                                + "its audience is " + AlertAudiences.topicOf(alert.getType()));
                    }, Named.as(prefix + "unrouted-fail")), "unrouted"));
        }

        private void publishEscalations(KStream<String, ScreeningAlert> escalations) {
            escalations
                    .peek((village, alert) -> metrics.alertRaised(alert), Named.as(ScreeningNames.ESCALATION_ALERTS + "-count"))
                    .to(Topics.ALERTS_ESCALATION, produced(ScreeningNames.ESCALATION_ALERTS + "-sink"));
        }

        /** Whether {@code alert}'s audience (one exhaustive mapping, {@link AlertAudiences}) is {@code topic}. */
        private static boolean audience(ScreeningAlert alert, String topic) {
            return topic.equals(AlertAudiences.topicOf(alert.getType()));
        }

        private Produced<String, ScreeningAlert> produced(String name) {
            return Produced.with(serdes.key(), serdes.alert()).withName(name);
        }
    }

    /** Re-keys a screening by its village and marks it as partitioned by county (on a copy of the headers: the record fans out). */
    private static final class ScreenedByCounty implements Processor<String, Screening, String, ScreenedScan> {
        private ProcessorContext<String, ScreenedScan> context;

        @Override
        public void init(ProcessorContext<String, ScreenedScan> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Screening> record) {
            ScreenedScan screened = record.value().screened();
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            ScreenedScanPartitioning.markByCounty(headers);
            context.forward(new Record<>(screened.getVillageCode(), screened, record.timestamp(), headers));
        }
    }
}
