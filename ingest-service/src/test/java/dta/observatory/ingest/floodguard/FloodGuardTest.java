package dta.observatory.ingest.floodguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void bucketGrantsBurstThenRefillsWithTime() {
        TokenBucket bucket = new TokenBucket(100, 100, nanos.get());
        assertThat(bucket.take(150, nanos.get())).isEqualTo(100);
        assertThat(bucket.take(1, nanos.get())).isZero();
        assertThat(bucket.millisUntilToken(nanos.get())).isEqualTo(10);
        assertThat(bucket.take(10, nanos.addAndGet(50_000_000))).isEqualTo(5);
        assertThat(bucket.take(1_000, nanos.addAndGet(10_000_000_000L))).isEqualTo(100); // never above burst
    }

    @Test
    void bucketValidatesWithExactMessages() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).hasMessage("ratePerSecond must be > 0, got 0.0");
        assertThatThrownBy(() -> new TokenBucket(1, -1, 0)).hasMessage("burst must be > 0, got -1.0");
        assertThatThrownBy(() -> new FloodGuardOptions(0, 1, 1)).hasMessage("overallPerSecond must be >= 1, got 0.0");
    }

    @Test
    void tenTimesTheLimitDropsNineTenthsAndCountsThem() {
        FloodGuard guard = new FloodGuard(new FloodGuardOptions(10_000, 100_000, 10), nanos::get);
        long admitted = 0;
        long dropped = 0;
        for (int second = 0; second < 10; second++) {
            for (int batch = 0; batch < 100; batch++) { // 100,000 samples per second: 10x the limit
                FloodGuard.Admission a = guard.admit("mesh", 1_000);
                admitted += a.admitted();
                dropped += a.dropped();
                nanos.addAndGet(10_000_000);
            }
        }
        // the one-second burst (10,000) plus 9.99 s of refill at 10,000/s (the last batch comes at 9.99 s)
        assertThat(admitted).isEqualTo(109_900);
        assertThat(dropped).isEqualTo(1_000_000 - admitted);
        assertThat(guard.droppedTotal()).isEqualTo(dropped);
        assertThat(guard.drainDropped()).isEqualTo(dropped);
        assertThat(guard.drainDropped()).isZero();
    }

    @Test
    void perSourceBucketsAreIndependentAndRetryAfterIsGiven() {
        FloodGuard guard = new FloodGuard(new FloodGuardOptions(1_000, 100, 10), nanos::get);
        assertThat(guard.admit("a", 150)).isEqualTo(new FloodGuard.Admission(100, 50, 10));
        assertThat(guard.admit("b", 100).admitted()).isEqualTo(100); // a's flood does not starve b
        assertThat(guard.admit("a", 1).dropped()).isEqualTo(1);
    }

    @Test
    void overallLimitGivesBackTheSourceTokensItRefused() {
        FloodGuard guard = new FloodGuard(new FloodGuardOptions(100, 1_000, 10), nanos::get);
        assertThat(guard.admit("a", 100).admitted()).isEqualTo(100);
        assertThat(guard.admit("b", 500).admitted()).isZero(); // overall is empty
        nanos.addAndGet(1_000_000_000L);
        assertThat(guard.admit("b", 100).admitted()).isEqualTo(100); // b's own bucket was not charged
    }
}
