package dta.observatory.ingest.kafka;

import dta.observatory.ingest.forward.StoreUnavailableException;

/**
 * Kafka did not take a batch within the bounded wait: the broker is down or slow, or the producer's bounded buffer
 * is full. Nothing of the batch is acknowledged (some of its series may have reached the topic: a retry can write
 * them twice, as with any at-least-once producer). HTTP answers 503 with Retry-After, as for the store; gRPC answers
 * RESOURCE_EXHAUSTED with retry info, since the client should slow down rather than look elsewhere.
 */
public class KafkaUnavailableException extends StoreUnavailableException {

    /** What the client is told to wait before retrying. */
    public static final long RETRY_AFTER_MS = 5_000;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
