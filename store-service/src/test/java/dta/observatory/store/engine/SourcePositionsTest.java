package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.engine.wal.Wal;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source positions (partition → next offset) recorded atomically with samples, across restarts and head cuts. */
class SourcePositionsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T00:00:00Z").toEpochMilli());

    private TsdbStorage open() {
        return TsdbStorage.open(dir, StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO), clock);
    }

    private StoredSample sample(int partition, long ts, double v) {
        return new StoredSample(SeriesKey.of("m", Map.of("p", Integer.toString(partition))), ts, v);
    }

    @Test
    void positionsSurviveCloseAndReopenAsTheHighestPerPartition() {
        long t = clock.millis();
        try (TsdbStorage s = open()) {
            assertThat(s.sourcePositions()).isEmpty();
            s.append(List.of(sample(0, t, 1)), Map.of(0, 1L));
            s.append(List.of(sample(0, t + 1, 2), sample(2, t, 3)), Map.of(0, 2L, 2, 7L));
            s.append(List.of(), Map.of(0, 1L)); // lower than recorded: the highest stays
            assertThat(s.sourcePositions()).isEqualTo(Map.of(0, 2L, 2, 7L));
        }
        try (TsdbStorage s = open()) {
            assertThat(s.sourcePositions()).isEqualTo(Map.of(0, 2L, 2, 7L));
            assertThat(s.stats().headSamples()).isEqualTo(3);
        }
    }

    @Test
    void positionsAdvanceEvenWhenEverySampleIsRejected() {
        try (TsdbStorage s = open()) {
            AppendOutcome out = s.append(List.of(sample(1, 5, 1)), Map.of(1, 10L)); // far outside retention
            assertThat(out.appended()).isZero();
            assertThat(s.sourcePositions()).isEqualTo(Map.of(1, 10L));
            s.append(List.of(), Map.of(3, 4L)); // no samples at all: an undecodable record skipped
        }
        try (TsdbStorage s = open()) {
            assertThat(s.sourcePositions()).isEqualTo(Map.of(1, 10L, 3, 4L));
            assertThat(s.stats().headSamples()).isZero();
        }
    }

    @Test
    void positionsSurviveAHeadCutThatDeletesTheOlderWalSegments() throws Exception {
        long t = clock.millis() - Duration.ofDays(1).toMillis();
        try (TsdbStorage s = open()) {
            for (int i = 0; i < 10; i++) {
                s.append(List.of(sample(i % 2, t + i * 1000L, i)), Map.of(i % 2, (long) i / 2 + 1));
            }
            int before = Wal.segmentNumbers(dir.resolve("wal")).get(0);
            s.flush(); // cuts every sample into blocks and deletes the segments the positions were written in
            assertThat(Wal.segmentNumbers(dir.resolve("wal"))).doesNotContain(before);
            assertThat(s.stats().blocks()).isPositive();
        }
        try (TsdbStorage s = open()) {
            assertThat(s.sourcePositions()).isEqualTo(Map.of(0, 5L, 1, 5L));
            s.append(List.of(sample(0, t + 20_000, 1)), Map.of(0, 6L));
            s.flush(); // a second cut: the checkpoint carries what the first one recovered
        }
        try (TsdbStorage s = open()) {
            assertThat(s.sourcePositions()).isEqualTo(Map.of(0, 6L, 1, 5L));
            assertThat(s.range("m", Map.of(), t, t + 60_000).series().stream()
                    .mapToInt(sp -> sp.points().size()).sum()).isEqualTo(11);
        }
    }

    @Test
    void negativePositionsAreRefused() {
        try (TsdbStorage s = open()) {
            assertThatThrownBy(() -> s.append(List.of(), Map.of(-1, 3L)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition -1");
            assertThatThrownBy(() -> s.append(List.of(), Map.of(1, -3L)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset -3");
        }
    }
}
