package dta.observatory.store.engine;

import static dta.observatory.store.engine.RetentionAndQuotaTest.BASE;
import static dta.observatory.store.engine.RetentionAndQuotaTest.HOUR;
import static dta.observatory.store.engine.RetentionAndQuotaTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener hears "high" on every maintenance run above the warn ratio, and once "normal" when it drops back. */
class DiskUsageNormalTest {

    @TempDir
    Path dir;

    @Test
    void highOnEveryRunWhileAboveThenNormalOnceWhenRollupsShrinkTheDisk() {
        MutableClock clock = new MutableClock(T0);
        StorageOptions options = StorageOptions.defaults().withMaintenanceInterval(Duration.ZERO)
                .withRawRetention(Duration.ofDays(2)).withRollupRetention(Duration.ofDays(10));
        long used;
        try (TsdbStorage st = TsdbStorage.open(dir, options, clock)) {
            for (int k = 0; k < 3; k++) {
                RetentionAndQuotaTest.fillNoisy(st, BASE + k * 2 * HOUR, BASE + (k + 1) * 2 * HOUR);
                st.flush();
            }
            used = st.diskBytes();
        }
        List<String> events = new ArrayList<>();
        StorageListener listener = new StorageListener() {
            @Override
            public void diskUsageHigh(long usedBytes, long max) {
                events.add("high");
            }

            @Override
            public void diskUsageNormal(long usedBytes, long max) {
                events.add("normal " + (usedBytes <= max * 0.9));
            }
        };
        // 95 % full: above the 90 % warning, below the quota, so nothing is pruned
        try (TsdbStorage st = TsdbStorage.open(dir, options.withMaxDiskBytes((long) (used / 0.95)), clock, listener)) {
            st.maintain();
            st.maintain();
            assertThat(events).containsExactly("high", "high");
            clock.advance(Duration.ofDays(3)); // the raw blocks pass the raw retention and become small roll-ups
            st.maintain();
            st.maintain();
            assertThat(st.stats().rollups()).isEqualTo(3);
            assertThat(events).containsExactly("high", "high", "normal true");
        }
    }
}
