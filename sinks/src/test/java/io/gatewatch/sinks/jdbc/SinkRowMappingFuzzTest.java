package io.gatewatch.sinks.jdbc;

import static io.gatewatch.sinks.testing.Alerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.StorableValues;
import io.gatewatch.sinks.testing.WireRecords;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Hostile field values in every record type the sink maps (issue 13): whatever a producer writes
 * to an input topic, {@link SinkRecordMapper} either maps it to a row whose every value can be
 * stored as it is, or sets it aside as a dead letter with a reason and a storable, bounded message;
 * no exception escapes. {@value #TRIES} inputs per property, {@value #PROPERTIES} properties.
 */
class SinkRowMappingFuzzTest {
    static final int TRIES = 3_500;
    static final int PROPERTIES = 7;
    private static final AtomicLong INPUTS = new AtomicLong();

    private final WireRecords wire = new WireRecords();
    private final SinkRecordMapper mapper = new SinkRecordMapper(wire.registry());

    @Property(tries = TRIES)
    void anyAlertIsMappedOrSetAside(@ForAll("alerts") ScreeningAlert alert, @ForAll("topics") String topic) {
        assertMappedOrSetAside(wire.record(topic, 0, 1, alert.getVillageCode(), alert));
    }

    @Property(tries = TRIES)
    void anyCountIsMappedOrSetAside(@ForAll("countKeys") AreaCountKey key, @ForAll("counts") AreaCount count) {
        assertMappedOrSetAside(wire.record(Topics.COUNTS_HOURLY, 0, 1, key, count));
    }

    @Property(tries = TRIES)
    void anyLateScanIsMappedOrSetAside(@ForAll("scans") ScanEvent scan) {
        assertMappedOrSetAside(wire.record(Topics.SCANS_LATE, 0, 1, scan.getDeviceId(), scan));
    }

    @Property(tries = TRIES)
    void anyDeviceRegistrationIsMappedOrSetAside(@ForAll("text") String key, @ForAll("devices") DeviceRegistration device) {
        assertMappedOrSetAside(wire.record(Topics.DEVICES, 0, 1, key, device));
    }

    @Property(tries = TRIES)
    void anyRejectedScanHeadersAreMappedOrSetAside(@ForAll("headers") RecordHeaders headers, @ForAll("bytes") byte[] value) {
        assertMappedOrSetAside(WireRecords.raw(Topics.SCANS_REJECTED, 0, 1, T0, null, value, headers));
    }

    @Property(tries = TRIES)
    void anyBytesOnAnyInputTopicAreMappedOrSetAside(@ForAll("inputTopics") String topic, @ForAll("bytes") byte[] key,
                                                    @ForAll("bytes") byte[] value) {
        assertMappedOrSetAside(WireRecords.raw(topic, 0, 1, T0, key, value, new RecordHeaders()));
    }

    @Property(tries = TRIES)
    void anyCutOrPaddedAlertFrameIsMappedOrSetAside(@ForAll("alerts") ScreeningAlert alert, @ForAll("cuts") int cut) {
        byte[] frame = wire.value(Topics.ALERTS_FEVER, alert);
        // A cut frame is shorter; a padded one carries trailing bytes. Neither can declare more than it holds.
        byte[] bent = Arrays.copyOf(frame, Math.max(0, frame.length + cut));
        assertMappedOrSetAside(WireRecords.raw(Topics.ALERTS_FEVER, 0, 1, T0, null, bent, new RecordHeaders()));
    }

    @AfterContainer
    static void report() {
        System.out.printf("SinkRowMappingFuzzTest: %d generated inputs mapped or set aside, 0 escaped exceptions%n", INPUTS.get());
    }

    private void assertMappedOrSetAside(ConsumerRecord<byte[], byte[]> record) {
        INPUTS.incrementAndGet();
        SinkRow row = mapper.map(record); // must not throw

        if (row instanceof DeadLetterRow dead) {
            assertThat(dead.reason()).isNotNull();
            assertThat(dead.error()).isNotBlank().hasSizeLessThanOrEqualTo(Poison.MAX_MESSAGE_LENGTH);
            assertThat(StorableValues.textViolation("error", dead.error())).isEmpty();
            assertThat(dead.error()).doesNotContainPattern("\\p{Cntrl}");
        } else {
            assertThat(StorableValues.violation(values(row))).as("stored values of %s", row).isEmpty();
        }
        assertThat(row.source().offset()).isEqualTo(record.offset());
    }

    /** Every value a row holds, Java records flattened (Avro records are walked by StorableValues). */
    private static List<Object> values(Object row) {
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : row.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(row);
                if (value != null && value.getClass().isRecord()) {
                    values.addAll(values(value));
                } else {
                    values.add(value);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    // ---- generators: plausible values mixed with hostile ones ----

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMaxLength(16)),
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(2, Arbitraries.of("", "\u0000", "CP\u0000X", "\uD800", "\uDC00x", "\uFFFE", "a\nb\r",
                        "\u202Eevil", "卡口\uD83D\uDE00", "1101010010\u000001")),
                // long values (index rows, truncation), cheap to make: a long run with a hostile tail
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(1_000, 3_000), Arbitraries.strings().all().ofMaxLength(2))
                        .as((n, tail) -> "x".repeat(n) + tail)));
    }

    private Arbitrary<String> nullableText() {
        return text().injectNull(0.2);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Instant::ofEpochMilli),
                Arbitraries.longs().between(-62_135_596_800_001L, -62_135_596_799_999L).map(Instant::ofEpochMilli),
                Arbitraries.longs().between(253_402_300_799_998L, 253_402_300_800_001L).map(Instant::ofEpochMilli),
                Arbitraries.longs().between(1_500_000_000_000L, 1_900_000_000_000L).map(Instant::ofEpochMilli));
    }

    private Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE));
    }

    @Provide
    Arbitrary<ScreeningAlert> alerts() {
        Arbitrary<TemperatureReading> readings = doubles().map(v -> TemperatureReading.newBuilder().setValue(v)
                .setUnit(TemperatureUnit.FAHRENHEIT).setBodySite(BodySite.WRIST).build());
        return Builders.withBuilder(ScreeningAlert::newBuilder)
                .use(text()).in((b, id) -> b.setAlertId(id).setEventId(id))
                .use(Arbitraries.of(AlertType.class)).in(ScreeningAlert.Builder::setType)
                .use(Arbitraries.of(Severity.class)).in(ScreeningAlert.Builder::setSeverity)
                .use(text()).in(ScreeningAlert.Builder::setRule)
                .use(Arbitraries.of(ScanSource.class)).in(ScreeningAlert.Builder::setSource)
                .use(text()).in(ScreeningAlert.Builder::setDeviceId)
                .use(text()).in(ScreeningAlert.Builder::setCheckpointId)
                .use(text()).in(ScreeningAlert.Builder::setVillageCode)
                .use(nullableText()).in(ScreeningAlert.Builder::setPersonToken)
                .use(doubles().injectNull(0.3)).in(ScreeningAlert.Builder::setTemperatureCelsius)
                .use(readings.injectNull(0.3)).in(ScreeningAlert.Builder::setRawTemperature)
                .use(Arbitraries.of(HealthCodeColour.class).injectNull(0.3)).in(ScreeningAlert.Builder::setHealthCode)
                .use(text().list().ofMaxSize(3)).in(ScreeningAlert.Builder::setRelatedCheckpoints)
                .use(instants()).in(ScreeningAlert.Builder::setScannedAt)
                .use(instants()).in(ScreeningAlert.Builder::setDetectedAt)
                .build(ScreeningAlert.Builder::build);
    }

    @Provide
    Arbitrary<AreaCountKey> countKeys() {
        return Combinators.combine(Arbitraries.of(AreaLevel.class), text(), Arbitraries.of(WindowSize.class), instants())
                .as(AreaCountKey::new);
    }

    @Provide
    Arbitrary<AreaCount> counts() {
        Arbitrary<AreaCount> counts = Combinators.combine(countKeys(), instants(), text(), Arbitraries.longs(), Arbitraries.longs(),
                        instants(), Arbitraries.of(true, false))
                .as((key, end, zone, scans, fevers, updated, isFinal) -> AreaCount.newBuilder()
                        .setLevel(key.getLevel()).setAreaCode(key.getAreaCode()).setWindow(key.getWindow())
                        .setWindowStart(key.getWindowStart()).setWindowEnd(end).setTimeZone(zone)
                        .setScans(scans).setDistinctPersons(scans).setFevers(fevers).setVehicles(-fevers)
                        .setIsFinal(isFinal).setUpdatedAt(updated).build());
        Arbitrary<String> localDates = Arbitraries.oneOf(nullableText(), instants().map(i -> i.toString().substring(0, 10)));
        return Combinators.combine(counts, localDates, nullableText())
                .as((count, localDate, localStart) -> {
                    count.setLocalDate(localDate);
                    count.setLocalStart(localStart);
                    return count;
                })
                .injectNull(0.1);
    }

    @Provide
    Arbitrary<ScanEvent> scans() {
        return Combinators.combine(text(), text(), nullableText(), nullableText(), nullableText(),
                        nullableText(), instants(), Arbitraries.of(ScanSource.class))
                .as((id, device, checkpoint, village, token, plate, at, source) -> ScanEvent.newBuilder()
                        .setEventId(id).setDeviceId(device).setCheckpointId(checkpoint).setVillageCode(village)
                        .setPersonToken(token).setVehiclePlate(plate).setScannedAt(at).setSource(source).build());
    }

    @Provide
    Arbitrary<DeviceRegistration> devices() {
        return Combinators.combine(text(), text(), text(), Arbitraries.of(DeviceKind.class), doubles(), instants())
                .as((id, checkpoint, village, kind, offset, at) -> DeviceRegistration.newBuilder().setDeviceId(id)
                        .setCheckpointId(checkpoint).setVillageCode(village).setKind(kind)
                        .setCalibrationOffsetCelsius(offset).setUpdatedAt(at).build())
                .injectNull(0.1);
    }

    @Provide
    Arbitrary<RecordHeaders> headers() {
        List<String> names = new ArrayList<>();
        for (List<String> group : List.of(RejectHeaders.REASON_NAMES, RejectHeaders.MESSAGE_NAMES, RejectHeaders.SOURCE_TOPIC_NAMES,
                RejectHeaders.SOURCE_PARTITION_NAMES, RejectHeaders.SOURCE_OFFSET_NAMES)) {
            names.addAll(group);
        }
        Arbitrary<byte[]> values = Arbitraries.oneOf(bytes(),
                text().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Arbitraries.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {'-', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9'},
                        new byte[4], new byte[8]));
        return Combinators.combine(Arbitraries.of(names), values).as(HeaderPair::new).list().ofMaxSize(6)
                .map(pairs -> {
                    RecordHeaders headers = new RecordHeaders();
                    pairs.forEach(p -> headers.add(p.name(), p.value()));
                    return headers;
                });
    }

    private record HeaderPair(String name, byte[] value) {}

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.1)
                // not the magic byte: a valid frame of random content is the Avro deserializer fuzz's job
                .map(b -> b != null && b.length > 0 && b[0] == 0 ? withFirst(b, (byte) 1) : b);
    }

    private static byte[] withFirst(byte[] bytes, byte first) {
        bytes[0] = first;
        return bytes;
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(-200, 8);
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(Topics.ALERT_TOPICS);
    }

    @Provide
    Arbitrary<String> inputTopics() {
        return Arbitraries.of(SinkConfig.SUPPORTED_TOPICS);
    }
}
