package dta.observatory.client;

import java.time.Duration;

/**
 * Settings of an {@link Observatory} client. Defaults suit the local observatory started by {@code ./run}.
 *
 * @param ingestAddress host:port of the ingest service (gRPC)
 * @param storeAddress host:port of the store service, read by {@link Observatory#watch}
 * @param watcherAddress host:port of the watcher service, used by {@link Observatory#rules()}
 * @param bufferCapacity samples {@link Observatory#emit} may hold before it starts dropping (and counting) them
 * @param maxBatch most samples sent in one Emit call
 * @param linger how long the sender waits to fill a batch before sending what it has
 * @param pollInterval how often each {@link Observatory#watch} rule is evaluated (the seed's 2 s)
 * @param callTimeout deadline of each gRPC call
 */
public record ObservatoryOptions(String ingestAddress, String storeAddress, String watcherAddress, int bufferCapacity,
        int maxBatch, Duration linger, Duration pollInterval, Duration callTimeout) {

    public ObservatoryOptions {
        if (bufferCapacity < 1 || maxBatch < 1 || maxBatch > 10_000) {
            throw new IllegalArgumentException("bufferCapacity must be positive and maxBatch between 1 and 10000");
        }
    }

    /**
     * Options for an ingest address; store and watcher addresses come from the system properties
     * {@code dta.store.address} / {@code dta.watcher.address}, else the env variables {@code DTA_STORE_ADDRESS} /
     * {@code DTA_WATCHER_ADDRESS}, else the ingest host with the default ports 8082 / 8083.
     */
    public static ObservatoryOptions forIngest(String ingestAddress) {
        String host = ingestAddress.contains(":") ? ingestAddress.substring(0, ingestAddress.lastIndexOf(':'))
                : ingestAddress;
        return new ObservatoryOptions(ingestAddress, setting("dta.store.address", "DTA_STORE_ADDRESS", host + ":8082"),
                setting("dta.watcher.address", "DTA_WATCHER_ADDRESS", host + ":8083"), 100_000, 1_000,
                Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public ObservatoryOptions withStoreAddress(String address) {
        return new ObservatoryOptions(ingestAddress, address, watcherAddress, bufferCapacity, maxBatch, linger,
                pollInterval, callTimeout);
    }

    public ObservatoryOptions withWatcherAddress(String address) {
        return new ObservatoryOptions(ingestAddress, storeAddress, address, bufferCapacity, maxBatch, linger,
                pollInterval, callTimeout);
    }

    public ObservatoryOptions withPollInterval(Duration interval) {
        return new ObservatoryOptions(ingestAddress, storeAddress, watcherAddress, bufferCapacity, maxBatch, linger,
                interval, callTimeout);
    }

    public ObservatoryOptions withBuffer(int capacity, int batch) {
        return new ObservatoryOptions(ingestAddress, storeAddress, watcherAddress, capacity, batch, linger,
                pollInterval, callTimeout);
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
