package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples and source positions are one WAL record: after a SIGKILL at a random moment (during appends, segment
 * rotations and head cuts) the recovered samples of each partition are exactly those the recovered position
 * implies, offsets 0 .. position-1, each once; and no acknowledged position is lost. The child resumes at the
 * recovered positions each round, as a restarted consumer does.
 */
class PositionsCrashTest {

    @TempDir
    Path dir;

    @Test
    void recoveredSamplesAndRecoveredPositionsAgreeExactlyAfterSigkill() throws Exception {
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd.setSeed(seed);
        long base = System.currentTimeMillis() - Duration.ofDays(20).toMillis(); // room for ~28,800 offsets per partition
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int blocksSeen = 0;
        for (int round = 0; round < 5; round++) {
            Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), PositionsCrashChild.class.getName(), dir.toString(),
                    Long.toString(base)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Map<Integer, Long> acked = new ConcurrentHashMap<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] f = line.split(" ");
                        acked.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                    }
                } catch (Exception e) {
                    // the pipe breaks when the child dies
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (acked.isEmpty() && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(acked).as("round %d acknowledged something (seed %d)", round, seed).isNotEmpty();
            Thread.sleep(200 + rnd.nextInt(800));
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);

            try (TsdbStorage storage = TsdbStorage.open(dir, CrashChild.options()
                    .withMaintenanceInterval(Duration.ZERO), Clock.systemUTC())) {
                Map<Integer, Long> positions = storage.sourcePositions();
                for (Map.Entry<Integer, Long> a : acked.entrySet()) {
                    assertThat(positions.get(a.getKey())).as("partition %d: acknowledged position kept (seed %d)",
                            a.getKey(), seed).isGreaterThanOrEqualTo(a.getValue());
                }
                for (int p = 0; p < PositionsCrashChild.PARTITIONS; p++) {
                    long position = positions.getOrDefault(p, 0L);
                    QueryResult r = storage.range("positions_test", Map.of("part", Integer.toString(p)), base,
                            base + (position + 1_000_000) * PositionsCrashChild.STEP_MS);
                    List<Point> points = r.series().isEmpty() ? List.of() : r.series().get(0).points();
                    assertThat((long) points.size()).as("round %d partition %d: samples == position (seed %d)",
                            round, p, seed).isEqualTo(position);
                    for (int o = 0; o < points.size(); o++) {
                        assertThat(points.get(o)).as("partition %d offset %d (seed %d)", p, o, seed)
                                .isEqualTo(new Point(base + o * PositionsCrashChild.STEP_MS, o));
                    }
                }
                blocksSeen = Math.max(blocksSeen, storage.stats().blocks());
            }
        }
        // head cuts (checkpoints carrying the positions, older segments deleted) happened while being killed
        assertThat(blocksSeen).as("blocks cut during the rounds (seed %d)", seed).isGreaterThan(0);
    }
}
