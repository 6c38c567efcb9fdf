package io.gatewatch.producers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ContentFailuresTest {
    @Test
    void shouldBlameTheRecordForARecordTooLarge() {
        Throwable failure = new CompletionException(new RecordTooLargeException("too large"));

        assertThat(ContentFailures.isCausedByContent(failure)).isTrue();
        assertThat(ContentFailures.isTooLarge(failure)).isTrue();
    }

    @Test
    void shouldBlameTheRecordForAValueTheSchemaCannotEncode() {
        Throwable failure = new SerializationException("Error serializing Avro message", new AvroRuntimeException("not in union"));

        assertThat(ContentFailures.isCausedByContent(failure)).isTrue();
        assertThat(ContentFailures.rootName(failure)).isEqualTo("AvroRuntimeException");
    }

    @Test
    void shouldNotBlameTheRecordWhenTheRegistryIsUnreachable() {
        Throwable failure = new SerializationException("Error serializing Avro message",
                new IllegalArgumentException("wrapped", new IOException("connection refused")));

        assertThat(ContentFailures.isCausedByContent(failure)).isFalse();
    }

    @Test
    void shouldNotBlameTheRecordWhenTheBrokerIsUnreachable() {
        assertThat(ContentFailures.isCausedByContent(new TimeoutException("metadata"))).isFalse();
        assertThat(ContentFailures.isCausedByContent(new CompletionException(new NetworkException("down")))).isFalse();
    }

    @Test
    void shouldNotBlameTheRecordForAnUnknownFailure() {
        assertThat(ContentFailures.isCausedByContent(new IllegalStateException("producer closed"))).isFalse();
    }
}
