package dta.observatory.store.opendata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** CSV writer, ETags and the per-client rate limiter. */
class OpenDataSupportTest {

    @Test
    void csvQuotesWhatNeedsQuotingAndParsesWithAStandardReader() throws Exception {
        KpiDefinition kpi = new KpiDefinition("k", "K", "", "USD, nominal", "m", Map.of(), KpiAggregate.SUM,
                KpiPeriod.DAY, List.of("region"), 1, KpiDefinition.GroupSizeBy.SAMPLES, 2);
        List<KpiRow> rows = List.of(new KpiRow(0, 86_400_000, Map.of("region", "north \"east\", x"), 1.5e7, false),
                new KpiRow(0, 86_400_000, Map.of("region", "line\nbreak"), null, true));
        String csv = KpiCsv.write(kpi, rows);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("region")).isEqualTo("north \"east\", x");
        assertThat(records.get(0).get("value")).isEqualTo("15000000");
        assertThat(records.get(0).get("unit")).isEqualTo("USD, nominal");
        assertThat(records.get(0).get("period_start")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(records.get(1).get("region")).isEqualTo("line\nbreak");
        assertThat(records.get(1).get("value")).isEmpty();
        assertThat(records.get(1).get("suppressed")).isEqualTo("true");
    }

    @Test
    void etagsFollowTheBytesAndMatchIfNoneMatchLists() {
        String a = ETags.of("a");
        assertThat(a).startsWith("\"").endsWith("\"").isEqualTo(ETags.of("a")).isNotEqualTo(ETags.of("b"));
        assertThat(ETags.matches("\"x\", " + a, a)).isTrue();
        assertThat(ETags.matches("W/" + a, a)).isTrue();
        assertThat(ETags.matches("*", a)).isTrue();
        assertThat(ETags.matches("\"x\"", a)).isFalse();
        assertThat(ETags.matches(null, a)).isFalse();
    }

    @Test
    void rateLimiterRefusesPastTheBudgetPerClientAndRefills() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(3, 100, now::get);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).as("another client has its own bucket").isTrue();
        assertThat(limiter.refused()).isEqualTo(1);
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(20);
        now.addAndGet(20_000_000_000L);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }

    @Test
    void rateLimiterForgetsTheLeastRecentClientPastItsBound() {
        RateLimiter limiter = new RateLimiter(1, 2, () -> 0L);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        limiter.tryAcquire("c");
        assertThat(limiter.trackedClients()).isEqualTo(2);
        assertThatThrownBy(() -> new RateLimiter(0, 1, () -> 0L))
                .hasMessage("open-data rate limit must be at least 1 request a minute, got 0");
    }
}
