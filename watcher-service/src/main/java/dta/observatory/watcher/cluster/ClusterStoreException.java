package dta.observatory.watcher.cluster;

/** The shared PostgreSQL database could not be read or written; says what was being done. */
public final class ClusterStoreException extends RuntimeException {

    public ClusterStoreException(String doing, Exception cause) {
        super("cluster database: " + doing + " failed: " + cause.getMessage(), cause);
    }
}
