package dta.observatory.store.engine;

import java.nio.file.Path;

/**
 * What the engine reports to its host (the service turns these into a metric and an alert). Callbacks run on the
 * maintenance thread and must not block; every method has a no-op default.
 */
public interface StorageListener {

    StorageListener NONE = new StorageListener() {
    };

    /** Disk usage crossed {@code maxDiskBytes * diskWarnRatio}; called on every maintenance run while it stays above. */
    default void diskUsageHigh(long usedBytes, long maxDiskBytes) {
    }

    /** Disk usage fell back to or below {@code maxDiskBytes * diskWarnRatio} after {@link #diskUsageHigh}. */
    default void diskUsageNormal(long usedBytes, long maxDiskBytes) {
    }

    /** A file was removed to respect the quota or retention; {@code reason} says which. */
    default void pruned(Path file, String reason) {
    }
}
