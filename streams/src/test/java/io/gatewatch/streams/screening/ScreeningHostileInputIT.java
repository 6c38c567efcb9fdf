package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.fuzz.FrameMutator;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.WireFormat;
import io.gatewatch.streams.common.RejectedRecords;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.screening.testsupport.EmbeddedScreening;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's repros against a real broker and a real Kafka Streams application under exactly-once:
 * a hostile record written straight to {@code gatewatch.scans} is refused with a reason, the
 * application stays RUNNING, and the next ordinary fever scan raises its FEVER alert.
 */
class ScreeningHostileInputIT {
    private static final String DEVICE = "gate-dev-1";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void shouldDeadLetterTheLengthBombAndAlertTheNextFeverScan() {
        try (EmbeddedScreening screening = started()) {
            // Given the 13-byte record of issue 13 (a string length of 2,147,483,548 followed by 3 bytes)
            byte[] valid = screening.serdes.scan().serializer().serialize(Topics.SCANS, aScan().fromDevice(DEVICE).build());
            byte[] bomb = FrameMutator.lengthBomb(WireFormat.schemaId(valid));
            ScanEvent fever = feverScan();

            // When it is written to gatewatch.scans, followed by an ordinary fever scan
            screening.send(List.of(screening.rawScan(DEVICE, bomb), screening.scan(fever)));

            // Then the fever is alerted, the bomb dead-lettered as it came with the bound it broke, and screening still runs
            awaitFeverAlert(screening, fever);
            ConsumerRecord<byte[], byte[]> dead = screening.readCommitted(Topics.SCANS_REJECTED).stream()
                    .filter(r -> Arrays.equals(r.value(), bomb)).findFirst().orElseThrow();
            assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.REASON)).isEqualTo(RejectedRecords.UNDESERIALIZABLE);
            assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.MESSAGE))
                    .contains("string length 2147483548 exceeds the 3 bytes left in the record");
            assertThat(screening.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void shouldRejectANulCheckpointWrittenStraightToKafkaAndAlertTheNextFeverScan() {
        try (EmbeddedScreening screening = started()) {
            // Given a clinic report whose checkpoint id carries a NUL, produced straight to Kafka
            String nulId = "nul-" + UUID.randomUUID();
            ScanEvent nul = aScan().from(ScanSource.CLINIC).fromDevice("clinic-3").withEventId(nulId)
                    .inVillage("330106001001").atCheckpoint("CP\u0000X").withTemperature(38.9).at(Instant.now()).build();
            ScanEvent fever = feverScan();

            // When it is followed by an ordinary fever scan
            screening.send(List.of(screening.scan(nul), screening.scan(fever)));

            // Then the fever is alerted; the NUL scan is refused as invalid_text and reached no output
            awaitFeverAlert(screening, fever);
            ConsumerRecord<byte[], byte[]> dead = screening.readCommitted(Topics.SCANS_REJECTED).stream()
                    .filter(r -> "invalid_text".equals(RejectedRecords.value(r.headers(), RejectedRecordHeaders.REASON)))
                    .filter(r -> nulId.equals(screening.serdes.scan().deserializer().deserialize(Topics.SCANS, r.value()).getEventId()))
                    .findFirst().orElseThrow();
            assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.MESSAGE)).contains("'checkpointId'");
            assertThat(screening.readCommitted(Topics.SCANS_SCREENED).stream()
                    .map(r -> screening.serdes.screened().deserializer().deserialize(Topics.SCANS_SCREENED, r.value()))
                    .map(ScreenedScan::getScan).map(ScanEvent::getEventId)).doesNotContain(nulId);
            assertThat(alertEventIds(screening)).doesNotContain(nulId);
            assertThat(screening.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private EmbeddedScreening started() {
        EmbeddedScreening screening = new EmbeddedScreening(KAFKA.broker(), stateDir, StreamsSettings.EXACTLY_ONCE_V2, 1);
        screening.createTopics();
        screening.registerDevices(List.of(aDevice(DEVICE).build()));
        screening.start(Duration.ofSeconds(60));
        return screening;
    }

    private static ScanEvent feverScan() {
        return aScan().fromDevice(DEVICE).withEventId("fever-" + UUID.randomUUID()).withTemperature(38.6).at(Instant.now()).build();
    }

    private static void awaitFeverAlert(EmbeddedScreening screening, ScanEvent fever) {
        Awaitility.await("FEVER alert of the scan after the hostile one").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .failFast(() -> screening.state() == KafkaStreams.State.ERROR)
                .until(() -> screening.readCommitted(Topics.ALERTS_FEVER).stream()
                        .map(r -> screening.serdes.alert().deserializer().deserialize(Topics.ALERTS_FEVER, r.value()))
                        .anyMatch(a -> a.getType() == AlertType.FEVER && a.getEventId().equals(fever.getEventId())));
    }

    private static List<String> alertEventIds(EmbeddedScreening screening) {
        return Topics.ALERT_TOPICS.stream().flatMap(topic -> screening.readCommitted(topic).stream()
                .map(r -> screening.serdes.alert().deserializer().deserialize(topic, r.value())))
                .map(ScreeningAlert::getEventId).toList();
    }
}
