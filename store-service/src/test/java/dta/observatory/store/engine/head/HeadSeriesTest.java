package dta.observatory.store.engine.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head returns exactly what was added, wherever the samples are by then: the open chunk on the heap, the full
 * chunks in the memory-mapped head chunk files, or the late buffer; and it keeps only the open chunk on the heap.
 */
class HeadSeriesTest {

    @TempDir
    Path dir;

    private static final double[] EDGE_VALUES = {
        0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8dead_beef0001L), Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.MAX_VALUE, 1.0 / 3, 12.34, 1e300,
    };

    record Sample(long ts, double value) {
    }

    @Test
    void everySampleReadsBackBitExactlyFromFullOpenAndLateChunks() throws IOException {
        Random rnd = new Random(7);
        HeadChunkFiles files = new HeadChunkFiles(dir, 1 << 16); // small segments: many of them get used
        for (int round = 0; round < 400; round++) {
            HeadSeries head = new HeadSeries(files);
            List<Sample> added = new ArrayList<>();
            int n = 1 + rnd.nextInt(900);
            long t = rnd.nextBoolean() ? rnd.nextLong() >> rnd.nextInt(64) : 1_700_000_000_000L;
            double level = rnd.nextGaussian() * 1000;
            int kind = round % 5;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                long ts = t;
                // late: into the late buffer unless equal to the newest; in every third round one in three is late,
                // enough to fill several sorted late chunks
                if (i > 0 && rnd.nextInt(round % 3 == 0 ? 3 : 20) == 0) {
                    ts = t - rnd.nextInt(100_000);
                }
                double v = switch (kind) {
                    case 0 -> EDGE_VALUES[rnd.nextInt(EDGE_VALUES.length)];
                    case 1 -> Math.round((level + rnd.nextGaussian() * 10) * 100) / 100.0;
                    case 2 -> i * 7 + rnd.nextInt(3);
                    case 3 -> rnd.nextInt(2);
                    default -> Math.round(Math.exp(rnd.nextGaussian() + 4) * 10) / 10.0;
                };
                head.add(ts, v);
                added.add(new Sample(ts, v));
                max = Math.max(max, ts);
                switch (rnd.nextInt(12)) {
                    case 0 -> t += 0; // equal timestamps
                    case 1 -> t += Math.abs(rnd.nextLong() >> 3) % (1L << 40); // a jump
                    case 2, 3 -> t += 10_000 + rnd.nextInt(50) - 25; // jitter
                    default -> t += 10_000;
                }
            }
            List<Sample> expected = new ArrayList<>(added);
            expected.sort(Comparator.comparingLong(Sample::ts)); // stable: equal timestamps keep arrival order
            assertThat(head.count()).isEqualTo(n);
            assertThat(head.maxTimestamp()).isEqualTo(max);
            assertSame(head.range(Long.MIN_VALUE, Long.MAX_VALUE), expected, "round " + round);

            long from = expected.get(rnd.nextInt(n)).ts();
            long to = from + rnd.nextInt(2_000_000);
            assertSame(head.range(from, to), expected.stream().filter(s -> s.ts() >= from && s.ts() <= to).toList(),
                    "range in round " + round);

            int k = 1 + rnd.nextInt(Math.min(n, 300));
            Samples last = head.last(k);
            assertThat(last.size).as("last %d in round %d", k, round).isGreaterThanOrEqualTo(Math.min(k, n));
            List<Sample> newest = expected.subList(expected.size() - last.size, expected.size());
            assertSame(last, newest, "last in round " + round);
        }
        assertThat(dir.toFile().list()).as("segments in use while open").isNotEmpty();
        files.close();
        assertThat(dir.toFile().list()).as("a cache: nothing stays after close").isEmpty();
    }

    @Test
    void onlyTheOpenChunkStaysOnTheHeapAndACutReleasesTheFiles() throws IOException {
        HeadChunkFiles files = new HeadChunkFiles(dir, 4096); // about five full chunks per segment
        HeadSeries head = new HeadSeries(files);
        Random rnd = new Random(3);
        int n = 1080; // three hours at 10 s of a noisy two-decimal gauge: ~6.5 bytes per sample in Gorilla
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            head.add(t0 + i * 10_000L, Math.round((500 + rnd.nextGaussian() * 5) * 100) / 100.0);
        }
        assertThat(head.heapBytes()).as("nine full chunks are off the heap").isLessThan(400);
        assertThat(files.bytesOnDisk()).isGreaterThan(n * 5L);
        assertThat(head.range(Long.MIN_VALUE, Long.MAX_VALUE).size).isEqualTo(n);

        // a cut keeps the last hour: it is written again, the segments holding only older chunks are deleted
        head.cutBefore(t0 + (n - 360) * 10_000L, 1);
        head.clearPending();
        assertThat(head.count()).isEqualTo(360);
        assertThat(files.bytesOnDisk()).isLessThan(n * 5L);
        head.release();
        assertThat(dir.toFile().list()).as("no chunk is referenced: no segment stays").isEmpty();
        assertThat(files.bytesOnDisk()).isZero();
    }

    @Test
    void aFloodOfLateSamplesKeepsFewLateChunksAndEverySample() throws IOException {
        HeadChunkFiles files = new HeadChunkFiles(dir, 1 << 20);
        HeadSeries head = new HeadSeries(files);
        long t0 = 1_700_000_000_000L;
        head.add(t0 + 1_000_000, -1); // everything after this one is late
        int late = 20_000;
        double[] valueAt = new double[late];
        for (int i = 0; i < late; i++) {
            int offset = (int) ((i * 7919L) % late); // every offset once, scrambled (7919 is prime)
            head.add(t0 + offset, i);
            valueAt[offset] = i;
        }
        // a base-8 counter over 625 flushes of 32 samples: 625 = 1*512 + 1*64 + 6*8 + 1, so 1+1+6+1 chunks
        assertThat(HeadSeries.LATE_MERGE_FAN_IN).isEqualTo(8);
        assertThat(head.lateChunkCount()).as("merged in base 8, not one chunk per 32 late samples").isEqualTo(9);
        Samples all = head.range(Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(all.size).isEqualTo(late + 1);
        for (int i = 0; i < late; i++) {
            assertThat(all.ts[i]).isEqualTo(t0 + i);
            assertThat(all.values[i]).isEqualTo(valueAt[i]);
        }
        assertThat(all.ts[late]).isEqualTo(t0 + 1_000_000);
    }

    private static void assertSame(Samples actual, List<Sample> expected, String what) {
        assertThat(actual.size).as(what).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.ts[i]).as(what + " ts " + i).isEqualTo(expected.get(i).ts());
            assertThat(Double.doubleToRawLongBits(actual.values[i])).as(what + " value " + i)
                    .isEqualTo(Double.doubleToRawLongBits(expected.get(i).value()));
        }
    }
}
