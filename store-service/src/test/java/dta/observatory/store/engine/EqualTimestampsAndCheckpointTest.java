package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.store.engine.codec.ByteSink;
import dta.observatory.store.engine.wal.Wal;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event semantics (equal timestamps are distinct samples) and WAL checkpoints that replay each sample once. */
class EqualTimestampsAndCheckpointTest {

    static final long T0 = TsdbStorageTest.T0;
    static final SeriesKey PAY = SeriesKey.of("permit.pay.ok", Map.of());
    static final SeriesKey SEQ = SeriesKey.of("seq", Map.of());

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);

    static StorageOptions manual() {
        return StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO);
    }

    static StoredSample s(SeriesKey k, long ts, double v) {
        return new StoredSample(k, ts, v);
    }

    private static double sum(List<Point> pts) {
        return pts.stream().mapToDouble(Point::value).sum();
    }

    private List<Point> last(TsdbStorage st, String metric, int n) {
        return st.lastPoints(metric, Map.of(), n).series().get(0).points();
    }

    private List<Point> all(TsdbStorage st, String metric) {
        return st.range(metric, Map.of(), 0, Long.MAX_VALUE).series().get(0).points();
    }

    @Test
    void hundredEventsInOneMillisecondSurviveAppendCutAndReopen() {
        long ts = T0 - 1000;
        List<Point> seq = new ArrayList<>();
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            for (int i = 0; i < 10; i++) {
                st.append(List.of(s(PAY, T0 - 5000, 7)));
            }
            for (int i = 0; i < 100; i++) {
                if (i < 60) {
                    assertThat(st.append(List.of(s(PAY, ts, i % 2), s(SEQ, ts, i))).appended()).isEqualTo(2);
                } else { // the rest in one batch
                    List<StoredSample> batch = new ArrayList<>();
                    for (int j = i; j < 100; j++) {
                        batch.add(s(PAY, ts, j % 2));
                        batch.add(s(SEQ, ts, j));
                        seq.add(new Point(ts, j));
                    }
                    assertThat(st.append(batch).appended()).isEqualTo(80);
                    break;
                }
                seq.add(new Point(ts, i));
            }
            assertThat(seq).hasSize(100);
            assertHundred(st, seq);
            st.flush();
            assertThat(st.stats().headSamples()).isZero();
            assertHundred(st, seq);
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertHundred(st, seq);
        }
        // and from the WAL alone, without a cut
        Path other = dir.resolve("other");
        try (TsdbStorage st = TsdbStorage.open(other, manual(), clock)) {
            for (int i = 0; i < 100; i++) {
                st.append(List.of(s(PAY, ts, i % 2), s(SEQ, ts, i)));
            }
        }
        try (TsdbStorage st = TsdbStorage.open(other, manual(), clock)) {
            assertThat(last(st, "permit.pay.ok", 100)).hasSize(100);
            assertThat(sum(last(st, "permit.pay.ok", 100))).isEqualTo(50.0);
            assertThat(last(st, "seq", 100)).isEqualTo(seq);
        }
    }

    private void assertHundred(TsdbStorage st, List<Point> seq) {
        List<Point> pay = last(st, "permit.pay.ok", 100);
        assertThat(pay).hasSize(100).allSatisfy(p -> assertThat(p.timestampMs()).isEqualTo(T0 - 1000));
        assertThat(sum(pay)).isEqualTo(50.0);
        assertThat(all(st, "permit.pay.ok")).hasSize(110);
        assertThat(sum(all(st, "permit.pay.ok"))).isEqualTo(120.0);
        assertThat(last(st, "seq", 100)).isEqualTo(seq);
        assertThat(all(st, "seq")).isEqualTo(seq);
    }

    @Test
    void lateEqualTimestampsAreKeptInArrivalOrder() {
        long late = T0 - 60_000;
        List<Point> expected = List.of(new Point(late, 2), new Point(late, 3), new Point(late, 5),
                new Point(late, 6), new Point(T0, 1), new Point(T0, 4));
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(SEQ, T0, 1)));
            st.append(List.of(s(SEQ, late, 2)));
            st.append(List.of(s(SEQ, late, 3)));
            st.append(List.of(s(SEQ, T0, 4)));
            assertThat(st.append(List.of(s(SEQ, late, 5), s(SEQ, late, 6))).appended()).isEqualTo(2);
            assertThat(all(st, "seq")).isEqualTo(expected);
            assertThat(last(st, "seq", 6)).isEqualTo(expected);
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) { // WAL replay
            assertThat(all(st, "seq")).isEqualTo(expected);
            st.flush();
            assertThat(all(st, "seq")).isEqualTo(expected);
            // a late event at a timestamp already in a block comes after the block's events
            st.append(List.of(s(SEQ, late, 7)));
            List<Point> more = new ArrayList<>(expected);
            more.add(4, new Point(late, 7));
            assertThat(all(st, "seq")).isEqualTo(more);
            assertThat(last(st, "seq", 7)).isEqualTo(more);
        }
    }

    /** Samples over ten hours, two events per timestamp, so a maintenance cut leaves blocks and a head. */
    private List<Point> fill(TsdbStorage st) {
        List<Point> expected = new ArrayList<>();
        long start = T0 - Duration.ofHours(10).toMillis();
        int v = 0;
        for (long t = start; t < T0; t += 60_000) {
            st.append(List.of(s(SEQ, t, v), s(SEQ, t, v + 1)));
            expected.add(new Point(t, v));
            expected.add(new Point(t, v + 1));
            v += 2;
        }
        return expected;
    }

    private List<Path> walFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            return s.sorted().toList();
        }
    }

    private void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The states a crash inside a head cut can leave, rebuilt from copies: the old segments still there after
     * the checkpoint (deletion not reached), with or without the cut's blocks, and without the marker.
     */
    @Test
    void crashInsideAHeadCutNeitherLosesNorDoublesSamples() throws IOException {
        List<Point> expected;
        Path oldWal = dir.resolve("old-wal");
        int cutSegment;
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            expected = fill(st);
            copyDir(dir.resolve("wal"), oldWal);
            cutSegment = Wal.segmentNumbers(dir.resolve("wal")).get(0) + 1;
            st.maintain();
            assertThat(st.stats().blocks()).isPositive();
            assertThat(st.stats().headSamples()).isPositive();
            assertThat(Wal.segmentNumbers(dir.resolve("wal"))).doesNotContain(cutSegment - 1);
            assertThat(dir.resolve("wal").resolve(Wal.checkpointName(cutSegment))).exists();
            assertThat(all(st, "seq")).isEqualTo(expected);
        }
        Path cut = dir.resolve("after-cut");
        copyDir(dir, cut); // top level only: wal/blocks/rollups are copied below
        for (String sub : List.of("wal", "blocks", "rollups")) {
            copyDir(dir.resolve(sub), cut.resolve(sub));
        }

        // 1. crash after blocks, before deleting old segments
        copyDir(oldWal, dir.resolve("wal"));
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
            assertThat(Wal.segmentNumbers(dir.resolve("wal"))).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(cutSegment));
        }

        // 2. crash after the marker, before any block was written
        Path d2 = dir.resolve("case2");
        restore(cut, d2, oldWal, cutSegment, true, false);
        try (TsdbStorage st = TsdbStorage.open(d2, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
            st.flush();
            assertThat(all(st, "seq")).isEqualTo(expected);
        }
        try (TsdbStorage st = TsdbStorage.open(d2, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
        }

        // 3. crash after the checkpoint entries were written, before the marker
        Path d3 = dir.resolve("case3");
        restore(cut, d3, oldWal, cutSegment, false, false);
        try (TsdbStorage st = TsdbStorage.open(d3, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
            st.maintain();
            assertThat(all(st, "seq")).isEqualTo(expected);
        }
        try (TsdbStorage st = TsdbStorage.open(d3, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
        }
    }

    private void restore(Path cut, Path target, Path oldWal, int cutSegment, boolean keepMarker, boolean keepBlocks)
            throws IOException {
        for (String sub : List.of("wal", "blocks", "rollups")) {
            copyDir(cut.resolve(sub), target.resolve(sub));
        }
        copyDir(oldWal, target.resolve("wal"));
        if (!keepMarker) {
            Files.delete(target.resolve("wal").resolve(Wal.checkpointName(cutSegment)));
        }
        if (!keepBlocks) {
            try (Stream<Path> s = Files.list(target.resolve("blocks"))) {
                for (Path p : s.toList()) {
                    if (p.getFileName().toString().startsWith(String.format("b%08d-", cutSegment))) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    @Test
    void crashBetweenTheBlocksOfAMultiWindowCutLosesNothing() throws IOException {
        List<Point> expected;
        int cutSegment;
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            expected = fill(st);
            cutSegment = Wal.segmentNumbers(dir.resolve("wal")).get(0) + 1;
            st.flush(); // ten hours, 2 h blocks: several windows, one cut
            assertThat(st.stats().blocks()).isGreaterThan(2);
        }
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir.resolve("blocks"))) {
            parts = s.filter(p -> p.getFileName().toString().startsWith(String.format("b%08d-", cutSegment)))
                    .sorted().toList();
        }
        assertThat(parts).hasSizeGreaterThan(2);
        for (Path p : parts.subList(1, parts.size())) { // the crash came after the first block
            Files.delete(p);
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(all(st, "seq")).isEqualTo(expected);
        }
    }

    @Test
    void rollingUpTheCheckpointedCutsBlocksDoesNotBringTheirSamplesBack() {
        List<Point> before;
        try (TsdbStorage st = TsdbStorage.open(dir, manual().withRawRetention(Duration.ofDays(1)), clock)) {
            fill(st);
            st.maintain();
            assertThat(st.stats().blocks()).isPositive();
            assertThat(st.stats().headSamples()).isPositive();
            clock.advance(Duration.ofDays(2));
            st.maintain(); // rolls every block up; no new cut, so the checkpoint segment stays the newest
            assertThat(st.stats().blocks()).isZero();
            assertThat(st.stats().rollups()).isPositive();
            before = all(st, "seq");
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual().withRawRetention(Duration.ofDays(1)), clock)) {
            assertThat(all(st, "seq")).isEqualTo(before);
        }
    }

    @Test
    void checkpointEntriesOfAnUnmarkedSegmentAreIgnored() throws IOException {
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            st.append(List.of(s(SEQ, T0 - 2000, 1)));
        }
        Path walDir = dir.resolve("wal");
        int crafted;
        try (Wal wal = Wal.open(walDir, 1 << 20)) {
            crafted = wal.currentSegment();
            ByteSink rec = new ByteSink(256);
            for (int i = 0; i < Wal.RECORD_HEADER_BYTES; i++) {
                rec.put(0);
            }
            rec.put(TsdbStorage.TAG_SERIES);
            rec.putUvarint(0);
            rec.putString("seq");
            rec.putUvarint(0);
            rec.put(TsdbStorage.TAG_CHECKPOINT_SAMPLE);
            rec.putUvarint(0);
            rec.putVarint(T0 - 1000);
            rec.putLongBE(Double.doubleToRawLongBits(2));
            wal.sync(wal.write(rec));
        }
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(all(st, "seq")).containsExactly(new Point(T0 - 2000, 1));
        }
        // with a marker the same segment is a complete checkpoint: older segments no longer count
        Files.writeString(walDir.resolve(Wal.checkpointName(crafted)), "test\n");
        try (TsdbStorage st = TsdbStorage.open(dir, manual(), clock)) {
            assertThat(all(st, "seq")).containsExactly(new Point(T0 - 1000, 2));
        }
        assertThat(Wal.segmentNumbers(walDir)).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(crafted));
    }
}
