package io.gatewatch.producers.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a produce failure caused by the record itself, which fails the same way on every retry,
 * from one caused by the infrastructure (broker, registry, network), which a retry can cure.
 * Only the first kind may turn a scan into a rejection: a registry outage must hold messages
 * unacknowledged, never reject valid scans.
 *
 * <p>Caused by content: {@link RecordTooLargeException}, {@link RecordBatchTooLargeException},
 * {@link InvalidRecordException}, an {@link AvroRuntimeException} (a record the schema cannot
 * encode), and the programming-error exceptions a serializer throws for a value it cannot handle
 * ({@link NullPointerException}, {@link ClassCastException}, {@link IllegalArgumentException}).
 * Never content when anything in the cause chain is an {@link IOException} or a Kafka
 * {@link RetriableException} (the registry or broker did not answer).
 */
final class ContentFailures {
    private ContentFailures() {}

    static boolean isCausedByContent(Throwable failure) {
        boolean content = false;
        for (Throwable t : chain(failure)) {
            if (t instanceof IOException || t instanceof RetriableException || isRegistryClientError(t)) {
                return false;
            }
            content |= t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof AvroRuntimeException
                    || t instanceof NullPointerException || t instanceof ClassCastException
                    || t instanceof IllegalArgumentException;
        }
        return content;
    }

    static boolean isTooLarge(Throwable failure) {
        return chain(failure).stream()
                .anyMatch(t -> t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException);
    }

    /** The innermost exception's class name: safe to log, never a value. */
    static String rootName(Throwable failure) {
        List<Throwable> chain = chain(failure);
        return chain.isEmpty() ? failure.getClass().getSimpleName() : chain.get(chain.size() - 1).getClass().getSimpleName();
    }

    // the registry client's RestClientException: by name, so the check needs no Confluent classes
    private static boolean isRegistryClientError(Throwable t) {
        return t.getClass().getName().endsWith(".RestClientException");
    }

    /** The cause chain, outermost first, without the futures' wrappers (neither content nor infrastructure). */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (!(t instanceof CompletionException || t instanceof ExecutionException)) {
                chain.add(t);
            }
        }
        return chain;
    }
}
