package dta.observatory.store.cluster.query;

/** A replica did not answer (unreachable, deadline passed, not caught up, failed): try its twin. */
public class ShardReadException extends RuntimeException {

    public ShardReadException(String message, Throwable cause) {
        super(message, cause);
    }

    public ShardReadException(String message) {
        super(message);
    }
}
