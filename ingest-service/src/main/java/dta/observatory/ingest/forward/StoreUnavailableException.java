package dta.observatory.ingest.forward;

/** The store did not take a batch (down, too slow, or refused it as a whole); nothing of it was stored. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
