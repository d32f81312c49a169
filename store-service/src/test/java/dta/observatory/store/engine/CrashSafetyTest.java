package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.SeriesPoints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real process: a child JVM appends and acknowledges each batch on stdout; it is killed with
 * SIGKILL at a random moment; after each kill the engine must open cleanly and hold every acknowledged sample.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSampleSurvivesSigkill() throws Exception {
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd.setSeed(seed);
        int rounds = 6;
        long base = System.currentTimeMillis() - Duration.ofDays(10).toMillis();
        int[] acked = new int[rounds];
        int blocksSeen = 0;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < rounds; round++) {
            Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(),
                    Integer.toString(round), Long.toString(base))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicInteger lastAck = new AtomicInteger(-1);
            List<String> odd = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            lastAck.set(Integer.parseInt(line.substring(4)));
                        } else {
                            odd.add(line);
                        }
                    }
                } catch (Exception e) {
                    // the pipe breaks when the child dies
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lastAck.get() < 0 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(lastAck.get()).as("child of round %d acknowledged something (seed %d)", round, seed)
                    .isGreaterThanOrEqualTo(0);
            Thread.sleep(100 + rnd.nextInt(900));
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(odd).as("unexpected child output").isEmpty();
            acked[round] = lastAck.get();

            try (TsdbStorage storage = TsdbStorage.open(dir, CrashChild.options()
                    .withMaintenanceInterval(Duration.ZERO), Clock.systemUTC())) {
                for (int r = 0; r <= round; r++) {
                    assertRoundComplete(storage, r, acked[r], base, seed);
                }
                blocksSeen = Math.max(blocksSeen, storage.stats().blocks());
            }
        }
        // the children ran long enough to cut blocks and truncate the WAL while being killed
        assertThat(blocksSeen).as("blocks cut during the rounds (seed %d)", seed).isGreaterThan(0);
    }

    private static void assertRoundComplete(TsdbStorage storage, int round, int ackedSeq, long base, long seed) {
        QueryResult result = storage.range("crash_test", Map.of("round", Integer.toString(round)), base,
                base + (ackedSeq + 1_000_000L) * CrashChild.STEP_MS);
        assertThat(result.series()).as("round %d (seed %d)", round, seed).hasSize(CrashChild.SERIES);
        for (SeriesPoints sp : result.series()) {
            int s = Integer.parseInt(sp.series().labels().get("s"));
            List<Point> points = sp.points();
            int events = CrashChild.EVENTS;
            assertThat(points.size()).as("points of round %d series %d (acked up to %d, seed %d)", round, s,
                    ackedSeq, seed).isGreaterThanOrEqualTo((ackedSeq + 1) * events);
            // a batch is one WAL record: all of its events or none; none twice (no dedup on replay)
            assertThat(points.size() % events).as("whole batches only (seed %d)", seed).isZero();
            for (int i = 0; i < points.size(); i++) {
                int seq = i / events;
                assertThat(points.get(i)).as("round %d series %d point %d (seed %d)", round, s, i, seed).isEqualTo(
                        new Point(base + seq * CrashChild.STEP_MS, CrashChild.value(seq, s, i % events)));
            }
        }
    }
}
