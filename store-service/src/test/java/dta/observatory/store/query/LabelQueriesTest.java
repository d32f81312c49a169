package dta.observatory.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dta.observatory.store.engine.StorageOptions;
import dta.observatory.store.engine.TsdbStorage;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.RingBufferStorage;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Label names and values, answered the same way by both engines (the durable one from its inverted index). */
class LabelQueriesTest {

    static final long T = 1_790_000_000_000L;

    @TempDir
    static Path dir;

    private Storage storage;

    static Stream<String> engines() {
        return Stream.of("memory", "tsdb", "tsdb-flushed");
    }

    private StoreQueries open(String engine) {
        if (engine.equals("memory")) {
            storage = new RingBufferStorage();
        } else {
            storage = TsdbStorage.open(dir.resolve(engine + System.nanoTime()), StorageOptions.defaults()
                    .withMaintenanceInterval(Duration.ZERO), Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC));
        }
        storage.append(List.of(
                sample("http.requests", Map.of("service", "permits", "code", "200"), T - 50_000),
                sample("http.requests", Map.of("service", "permits", "code", "500"), T - 40_000),
                sample("http.requests", Map.of("service", "billing", "code", "200"), T - 10_000),
                sample("permit.pay.ok", Map.of("service", "permits", "region", "east"), T - 30_000),
                sample("queue.wait", Map.of(), T - 20_000)));
        if (engine.equals("tsdb-flushed")) {
            ((TsdbStorage) storage).flush(); // answered from blocks rather than the head
        }
        return new StoreQueries(storage);
    }

    private static StoredSample sample(String metric, Map<String, String> labels, long t) {
        return new StoredSample(SeriesKey.of(metric, labels), t, 1);
    }

    private static LabelQuery query(String metric, Map<String, String> matchers) {
        return new LabelQuery(metric, matchers, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void labelNamesOfEverySeriesOfAMetricOrOfTheMatchingOnes(String engine) {
        StoreQueries q = open(engine);
        assertThat(q.labelNames(LabelQuery.all())).containsExactly("__name__", "code", "region", "service");
        assertThat(q.labelNames(query("http.requests", Map.of()))).containsExactly("__name__", "code", "service");
        assertThat(q.labelNames(query("", Map.of("region", "east")))).containsExactly("__name__", "region", "service");
        assertThat(q.labelNames(query("queue.wait", Map.of()))).containsExactly("__name__");
        assertThat(q.labelNames(query("never.written", Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void labelValuesRestrictedByMetricMatchersAndTime(String engine) {
        StoreQueries q = open(engine);
        assertThat(q.labelValues("service", LabelQuery.all())).containsExactly("billing", "permits");
        assertThat(q.labelValues("code", query("http.requests", Map.of("service", "permits"))))
                .containsExactly("200", "500");
        assertThat(q.labelValues("service", query("", Map.of("code", "200")))).containsExactly("billing", "permits");
        assertThat(q.labelValues("__name__", query("", Map.of("service", "permits"))))
                .as("__name__ lists metric names").containsExactly("http.requests", "permit.pay.ok");
        assertThat(q.labelValues("nope", LabelQuery.all())).isEmpty();
        // only series with a point in the window: billing's last point is at T - 10 s, permits' at T - 40 s
        assertThat(q.labelValues("service", new LabelQuery("http.requests", Map.of(), T - 20_000, T)))
                .containsExactly("billing");
        assertThat(q.labelValues("code", new LabelQuery("http.requests", Map.of(), T - 45_000, T - 35_000)))
                .containsExactly("500");
        assertThat(q.labelNames(new LabelQuery("", Map.of(), T - 25_000, T - 15_000)))
                .as("only queue.wait has a point then").containsExactly("__name__");
        assertThat(q.labelNames(new LabelQuery("", Map.of(), T + 1, Long.MAX_VALUE))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void badLabelQuestionsSayWhatIsWrong(String engine) {
        StoreQueries q = open(engine);
        assertThatThrownBy(() -> q.labelValues(" ", LabelQuery.all())).hasMessage("a label name is required");
        assertThatThrownBy(() -> new LabelQuery("", Map.of(), 10, 5))
                .hasMessage("'to' (5) must not be before 'from' (10)");
    }
}
