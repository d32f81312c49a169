package dta.observatory.store.engine;

import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Child process of {@link PositionsCrashTest}, a stand-in for a Kafka consumer: {@link #PARTITIONS} partitions
 * whose record at offset o is one sample of series {@code part=<p>} with value o and timestamp base + o × STEP.
 * It resumes at the recovered {@link TsdbStorage#sourcePositions()} and appends batches of a few records of one
 * partition with the next positions, printing {@code ACK <partition> <position>} once each append returned, until
 * it is killed. Settings of {@link CrashChild} make it rotate segments and cut blocks meanwhile. Args: dir baseMs.
 */
public final class PositionsCrashChild {

    static final int PARTITIONS = 3;
    static final long STEP_MS = 60_000; // with 1-5 offsets per append, blocks (10 min) and cuts come quickly

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long base = Long.parseLong(args[1]);
        TsdbStorage storage = TsdbStorage.open(dir, CrashChild.options(), Clock.systemUTC());
        Map<Integer, Long> next = new HashMap<>(storage.sourcePositions());
        for (int seq = 0; ; seq++) {
            int p = seq % PARTITIONS;
            long from = next.getOrDefault(p, 0L);
            int records = 1 + seq % 5;
            List<StoredSample> batch = new ArrayList<>(records);
            for (long o = from; o < from + records; o++) {
                batch.add(new StoredSample(key(p), base + o * STEP_MS, o));
            }
            storage.append(batch, Map.of(p, from + records));
            next.put(p, from + records);
            System.out.println("ACK " + p + " " + (from + records));
            System.out.flush();
        }
    }

    static SeriesKey key(int partition) {
        return SeriesKey.of("positions_test", Map.of("part", Integer.toString(partition)));
    }
}
