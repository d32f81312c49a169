package dta.observatory.store.engine;

import java.time.Duration;

/**
 * Settings of the engine. {@link #defaults()} documents each default; "0 means disabled" where stated.
 *
 * @param walSegmentBytes       target size of one WAL segment before the next starts (default 128 MiB)
 * @param outOfOrderWindow      how far behind a series' newest sample a sample is still accepted (default 1 h);
 *                              older ones are rejected as {@code OUT_OF_ORDER}. {@link Duration#ZERO}: in order only
 * @param blockDuration         time span of the head cut into one block; blocks are aligned to it (default 2 h)
 * @param rawRetention          raw samples are kept this long, then rolled into hourly aggregates (default 30 d);
 *                              older incoming samples are rejected as {@code TIMESTAMP_OUT_OF_BOUNDS}
 * @param rollupRetention       hourly aggregates are kept this long (default 396 d, about 13 months)
 * @param maxFutureSkew         samples further than this ahead of the clock are rejected as
 *                              {@code TIMESTAMP_OUT_OF_BOUNDS} (default 1 h)
 * @param maxDiskBytes          disk quota over WAL, blocks and roll-ups; 0 means no quota (default 0)
 * @param diskWarnRatio         above {@code maxDiskBytes * diskWarnRatio} the listener is warned (default 0.9)
 * @param blockPageBytes        uncompressed bytes per zstd page in a block (default 64 KiB): larger pages compress
 *                              a little better, smaller ones decode faster for one-series reads
 * @param maintenanceInterval   how often the background thread cuts the head and applies retention and quota
 *                              (default 1 min); {@link Duration#ZERO}: no background thread, call
 *                              {@code TsdbStorage.maintain()} yourself (tests, benchmarks)
 */
public record StorageOptions(
        long walSegmentBytes,
        Duration outOfOrderWindow,
        Duration blockDuration,
        Duration rawRetention,
        Duration rollupRetention,
        Duration maxFutureSkew,
        long maxDiskBytes,
        double diskWarnRatio,
        int blockPageBytes,
        Duration maintenanceInterval) {

    public StorageOptions {
        if (walSegmentBytes < 4096) {
            throw new IllegalArgumentException("walSegmentBytes must be at least 4096, got " + walSegmentBytes);
        }
        if (outOfOrderWindow.isNegative()) {
            throw new IllegalArgumentException("outOfOrderWindow must not be negative, got " + outOfOrderWindow);
        }
        if (blockDuration.toMillis() < 1) {
            throw new IllegalArgumentException("blockDuration must be positive, got " + blockDuration);
        }
        if (rawRetention.compareTo(blockDuration) < 0) {
            throw new IllegalArgumentException("rawRetention (" + rawRetention + ") must be at least blockDuration ("
                    + blockDuration + ")");
        }
        if (rollupRetention.isNegative() || maxFutureSkew.isNegative() || maintenanceInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (maxDiskBytes < 0) {
            throw new IllegalArgumentException("maxDiskBytes must not be negative (0 = no quota), got "
                    + maxDiskBytes);
        }
        if (!(diskWarnRatio > 0 && diskWarnRatio <= 1)) {
            throw new IllegalArgumentException("diskWarnRatio must be in (0, 1], got " + diskWarnRatio);
        }
        if (blockPageBytes < 1024) {
            throw new IllegalArgumentException("blockPageBytes must be at least 1024, got " + blockPageBytes);
        }
    }

    public static StorageOptions defaults() {
        return new StorageOptions(128L << 20, Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(30),
                Duration.ofDays(396), Duration.ofHours(1), 0, 0.9, 64 << 10, Duration.ofMinutes(1));
    }

    public StorageOptions withWalSegmentBytes(long v) {
        return new StorageOptions(v, outOfOrderWindow, blockDuration, rawRetention, rollupRetention, maxFutureSkew,
                maxDiskBytes, diskWarnRatio, blockPageBytes, maintenanceInterval);
    }

    public StorageOptions withOutOfOrderWindow(Duration v) {
        return new StorageOptions(walSegmentBytes, v, blockDuration, rawRetention, rollupRetention, maxFutureSkew,
                maxDiskBytes, diskWarnRatio, blockPageBytes, maintenanceInterval);
    }

    public StorageOptions withBlockDuration(Duration v) {
        return new StorageOptions(walSegmentBytes, outOfOrderWindow, v, rawRetention, rollupRetention, maxFutureSkew,
                maxDiskBytes, diskWarnRatio, blockPageBytes, maintenanceInterval);
    }

    public StorageOptions withRawRetention(Duration v) {
        return new StorageOptions(walSegmentBytes, outOfOrderWindow, blockDuration, v, rollupRetention, maxFutureSkew,
                maxDiskBytes, diskWarnRatio, blockPageBytes, maintenanceInterval);
    }

    public StorageOptions withRollupRetention(Duration v) {
        return new StorageOptions(walSegmentBytes, outOfOrderWindow, blockDuration, rawRetention, v, maxFutureSkew,
                maxDiskBytes, diskWarnRatio, blockPageBytes, maintenanceInterval);
    }

    public StorageOptions withMaxDiskBytes(long v) {
        return new StorageOptions(walSegmentBytes, outOfOrderWindow, blockDuration, rawRetention, rollupRetention,
                maxFutureSkew, v, diskWarnRatio, blockPageBytes, maintenanceInterval);
    }

    public StorageOptions withBlockPageBytes(int v) {
        return new StorageOptions(walSegmentBytes, outOfOrderWindow, blockDuration, rawRetention, rollupRetention,
                maxFutureSkew, maxDiskBytes, diskWarnRatio, v, maintenanceInterval);
    }

    public StorageOptions withMaintenanceInterval(Duration v) {
        return new StorageOptions(walSegmentBytes, outOfOrderWindow, blockDuration, rawRetention, rollupRetention,
                maxFutureSkew, maxDiskBytes, diskWarnRatio, blockPageBytes, v);
    }
}
