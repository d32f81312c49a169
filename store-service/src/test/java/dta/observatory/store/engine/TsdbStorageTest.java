package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.NoData;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.SampleRejection;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import dta.observatory.store.engine.wal.Wal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbStorageTest {

    static final long T0 = 1_790_000_000_000L; // 2026-09-21, a whole hour
    static final SeriesKey CPU_A = SeriesKey.of("cpu", Map.of("host", "a"));
    static final SeriesKey CPU_B = SeriesKey.of("cpu", Map.of("host", "b"));

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);

    StorageOptions manual() {
        return StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO);
    }

    static StoredSample s(SeriesKey k, long ts, double v) {
        return new StoredSample(k, ts, v);
    }

    @Test
    void appendsAreReadableAndSurviveReopen() {
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            AppendOutcome out = st.append(List.of(s(CPU_A, T0 - 2000, 1.5), s(CPU_A, T0 - 1000, 2.5),
                    s(CPU_B, T0 - 1000, 7)));
            assertThat(out.appended()).isEqualTo(3);
            assertThat(st.lastPoints("cpu", Map.of("host", "a"), 10).series().get(0).points())
                    .containsExactly(new Point(T0 - 2000, 1.5), new Point(T0 - 1000, 2.5));
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            QueryResult r = st.range("cpu", Map.of(), T0 - 5000, T0);
            assertThat(r.series()).hasSize(2);
            assertThat(st.listMetrics("")).singleElement().satisfies(m -> {
                assertThat(m.seriesCount()).isEqualTo(2);
                assertThat(m.lastTimestampMs()).isEqualTo(T0 - 1000);
            });
            assertThat(st.range("nope", Map.of(), 0, T0).noData()).isEqualTo(NoData.UNKNOWN_METRIC);
            assertThat(st.range("cpu", Map.of(), 0, 10).noData()).isEqualTo(NoData.EMPTY_RANGE);
            assertThat(st.labelValues("cpu", "host")).containsExactly("a", "b");
        }
    }

    @Test
    void outOfOrderWithinWindowIsAcceptedEqualTimestampsAreSeparateEventsOthersRejected() {
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(CPU_A, T0, 10)));
            AppendOutcome out = st.append(List.of(
                    s(CPU_A, T0 - 60_000, 9),               // late, inside 1 h
                    s(CPU_A, T0, 10),                       // same ts and value: another event
                    s(CPU_A, T0, 11),                       // same ts, other value: another event
                    s(CPU_A, T0 - 3_600_001, 1),            // behind the window
                    s(CPU_A, T0 - 60_000, 9),               // same ts as a late one: another event
                    s(CPU_A, T0 + 2 * 3_600_000, 1)));      // too far in the future
            assertThat(out.appended()).isEqualTo(4);
            assertThat(out.rejections()).extracting(SampleRejection::index, SampleRejection::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(3, SampleRejection.Reason.OUT_OF_ORDER),
                            org.assertj.core.groups.Tuple.tuple(5, SampleRejection.Reason.TIMESTAMP_OUT_OF_BOUNDS));
            assertThat(st.range("cpu", Map.of(), 0, Long.MAX_VALUE).series().get(0).points())
                    .containsExactly(new Point(T0 - 60_000, 9), new Point(T0 - 60_000, 9), new Point(T0, 10),
                            new Point(T0, 10), new Point(T0, 11));
            assertThat(st.stats().appended()).isEqualTo(5);
        }
    }

    @Test
    void tornWalTailIsCutOnOpen() throws IOException {
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(CPU_A, T0 - 2000, 1)));
            st.append(List.of(s(CPU_A, T0 - 1000, 2)));
        }
        Path seg = lastSegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3); // the second record is torn
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(st.range("cpu", Map.of(), 0, T0).series().get(0).points())
                    .containsExactly(new Point(T0 - 2000, 1));
            st.append(List.of(s(CPU_A, T0 - 500, 3)));
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(st.range("cpu", Map.of(), 0, T0).series().get(0).points()).hasSize(2);
        }
    }

    @Test
    void corruptRecordInAnOlderSegmentIsATypedError() throws IOException {
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(CPU_A, T0 - 2000, 1)));
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(CPU_A, T0 - 1000, 2)));
        }
        Path first = segments().get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 2] ^= 0x55;
        Files.write(first, bytes);
        assertThatThrownBy(() -> TsdbStorage.open(dir, manual(), clock))
                .isInstanceOf(CorruptionException.class)
                .satisfies(e -> assertThat(((CorruptionException) e).file()).isEqualTo(first))
                .hasMessageContaining("offset " + Wal.HEADER_BYTES);
    }

    @Test
    void headCutWritesBlocksTruncatesWalAndKeepsEveryPoint() throws IOException {
        Random rnd = new Random(3);
        List<Point> expected = new ArrayList<>();
        long start = T0 - Duration.ofHours(10).toMillis();
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            List<StoredSample> batch = new ArrayList<>();
            for (long t = start; t < T0; t += 10_000) {
                double v = Math.round(rnd.nextGaussian() * 1000) / 100.0;
                batch.add(s(CPU_A, t, v));
                expected.add(new Point(t, v));
                if (batch.size() == 30) { // 5 minutes per append keeps the fsyncs few
                    st.append(batch);
                    batch.clear();
                }
                if ((t - start) % 3_600_000 == 0) {
                    st.maintain();
                }
            }
            st.append(batch);
            st.maintain();
            assertThat(st.stats().blocks()).isGreaterThan(2);
            assertThat(st.range("cpu", Map.of(), start, T0).series().get(0).points()).isEqualTo(expected);
            assertThat(st.lastPoints("cpu", Map.of(), 2000).series().get(0).points())
                    .isEqualTo(expected.subList(expected.size() - 2000, expected.size()));
            assertThat(segments()).hasSizeLessThan(4);
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(st.range("cpu", Map.of(), start, T0).series().get(0).points()).isEqualTo(expected);
            st.flush();
            assertThat(st.stats().headSamples()).isZero();
            assertThat(st.range("cpu", Map.of(), start, T0).series().get(0).points()).isEqualTo(expected);
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(st.range("cpu", Map.of(), start, T0).series().get(0).points()).isEqualTo(expected);
            assertThat(st.lastPoints("cpu", Map.of(), 3).series().get(0).points())
                    .isEqualTo(expected.subList(expected.size() - 3, expected.size()));
        }
    }

    @Test
    void leftoverTempBlockIsIgnored() throws IOException {
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(CPU_A, T0 - 1000, 1)));
        }
        Files.write(dir.resolve("blocks").resolve("b00000099.blk.tmp"), new byte[] {1, 2, 3});
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(st.range("cpu", Map.of(), 0, T0).series()).hasSize(1);
        }
        assertThat(dir.resolve("blocks").resolve("b00000099.blk.tmp")).doesNotExist();
    }

    private Path lastSegment() throws IOException {
        List<Path> segs = segments();
        // the newest segment is the empty one opened by the last open; the data sits in the one before
        for (int i = segs.size() - 1; i >= 0; i--) {
            if (Files.size(segs.get(i)) > Wal.HEADER_BYTES) {
                return segs.get(i);
            }
        }
        throw new AssertionError("no segment with data");
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
    }
}
