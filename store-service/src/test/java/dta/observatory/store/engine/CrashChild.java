package dta.observatory.store.engine;

import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process of {@link CrashSafetyTest}: appends batch after batch to a storage and prints {@code ACK <seq>}
 * once each append returned, until it is killed. Small WAL segments, a short maintenance interval, short blocks and
 * minute-spaced samples make it rotate segments and cut blocks (checkpointing the WAL) while it may be killed. Each
 * series gets {@link #EVENTS} samples per timestamp: distinct events that must each survive exactly once.
 * Args: dir round baseMs.
 */
public final class CrashChild {

    static final int SERIES = 10;
    static final int EVENTS = 2;
    static final long STEP_MS = 60_000;

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        long base = Long.parseLong(args[2]);
        TsdbStorage storage = TsdbStorage.open(dir, options(), Clock.systemUTC());
        List<SeriesKey> keys = keys(round);
        for (int seq = 0; ; seq++) {
            List<StoredSample> batch = new ArrayList<>(SERIES * EVENTS);
            for (int s = 0; s < SERIES; s++) {
                for (int e = 0; e < EVENTS; e++) {
                    batch.add(new StoredSample(keys.get(s), base + seq * STEP_MS, value(seq, s, e)));
                }
            }
            AppendOutcome out = storage.append(batch);
            if (out.appended() != SERIES * EVENTS) {
                System.out.println("REJECTED " + out.rejections());
            }
            System.out.println("ACK " + seq);
            System.out.flush();
        }
    }

    static StorageOptions options() {
        return StorageOptions.defaults().withWalSegmentBytes(64 << 10)
                .withBlockDuration(Duration.ofMinutes(10))
                .withMaintenanceInterval(Duration.ofMillis(30));
    }

    static List<SeriesKey> keys(int round) {
        List<SeriesKey> keys = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            keys.add(SeriesKey.of("crash_test", Map.of("round", Integer.toString(round), "s", Integer.toString(s))));
        }
        return keys;
    }

    static double value(int seq, int s, int event) {
        return seq + s / 100.0 + event / 1000.0;
    }
}
