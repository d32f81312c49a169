package dta.observatory.store.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskQuotaAlertsTest {

    static final long GB = 1_000_000_000L;

    /** A clock the test moves. */
    static final class Hand extends Clock {
        long ms = 1_790_000_000_000L;

        @Override
        public long millis() {
            return ms;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ms);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final Hand clock = new Hand();
    final List<DiskAlert> sent = new ArrayList<>();
    final DiskQuotaAlerts alerts = new DiskQuotaAlerts(Duration.ofMinutes(5), 0.9, clock, sent::add);

    @Test
    void firesOncePerMinIntervalWhileAboveThenResolvesOnce() {
        alerts.high(95 * GB / 10, 10 * GB);
        clock.ms += 60_000;
        alerts.high(96 * GB / 10, 10 * GB); // the engine reports every maintenance run: throttled
        clock.ms += 239_999;
        alerts.high(96 * GB / 10, 10 * GB);
        assertThat(sent).hasSize(1);
        DiskAlert first = sent.get(0);
        assertThat(first.firing()).isTrue();
        assertThat(first.usedFraction()).isEqualTo(0.95);
        assertThat(first.threshold()).isEqualTo(0.9);
        assertThat(first.summary()).isEqualTo("store disk usage 9500000000 bytes is 95.0 % of the quota of "
                + "10000000000 bytes (warning above 90 %; at 100 % the oldest data is pruned)");

        clock.ms += 1; // min_interval (5 min) after the first
        alerts.high(97 * GB / 10, 10 * GB);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).usedBytes()).isEqualTo(97 * GB / 10);

        alerts.normal(8 * GB, 10 * GB);
        alerts.normal(7 * GB, 10 * GB);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2).firing()).isFalse();
        assertThat(sent.get(2).summary()).isEqualTo("store disk usage 8000000000 bytes is back to 80.0 % of the "
                + "quota of 10000000000 bytes");

        alerts.high(95 * GB / 10, 10 * GB);
        assertThat(sent).as("above again right after resolving: a new firing at once").hasSize(4);
    }

    @Test
    void normalWithoutAFiringSendsNothing() {
        alerts.normal(GB, 10 * GB);
        assertThat(sent).isEmpty();
    }

    @Test
    void aFiringThatWasNotDeliveredIsSentAgainOnTheNextReport() {
        alerts.high(95 * GB / 10, 10 * GB);
        alerts.deliveryFailed(sent.get(0));
        clock.ms += 60_000;
        alerts.high(95 * GB / 10, 10 * GB);
        assertThat(sent).hasSize(2);
        clock.ms += 60_000;
        alerts.high(95 * GB / 10, 10 * GB);
        assertThat(sent).as("delivered this time: throttled again").hasSize(2);
    }

    @Test
    void refusesANegativeMinInterval() {
        assertThatThrownBy(() -> new DiskQuotaAlerts(Duration.ofSeconds(-1), 0.9, clock, sent::add))
                .hasMessage("minInterval must not be negative, got PT-1S");
    }
}
