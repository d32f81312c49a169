package dta.observatory.ingest.floodguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DropReporterTest {

    @Test
    void writesASamplePerSecondWithDropsAndAlertsOncePerInterval() {
        AtomicLong nanos = new AtomicLong();
        AtomicLong millis = new AtomicLong(1_000_000);
        FloodGuard guard = new FloodGuard(new FloodGuardOptions(10, 10, 10), nanos::get);
        List<long[]> samples = new ArrayList<>();
        List<long[]> alerts = new ArrayList<>();
        DropReporter reporter = new DropReporter(guard, 300_000, (n, at) -> samples.add(new long[] {n, at}),
                (n, at) -> alerts.add(new long[] {n, at}), millis::get);

        for (int second = 0; second < 400; second++) {
            guard.admit("x", 110); // 100 dropped each second
            nanos.addAndGet(1_000_000_000L);
            reporter.tick();
            millis.addAndGet(1_000);
        }
        assertThat(samples).hasSize(400).allSatisfy(s -> assertThat(s[0]).isEqualTo(100));
        assertThat(alerts).hasSize(2); // at 0 s and at 300 s, not 400 times
        assertThat(alerts.get(1)[1] - alerts.get(0)[1]).isEqualTo(300_000);
        assertThat(reporter.alerts()).isEqualTo(2);

        reporter.tick(); // a quiet second writes nothing
        assertThat(samples).hasSize(400);
    }
}
