package dta.observatory.alert.outbox;

import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.testing.Alerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Not a test: a benchmark of the journal's cost (one fsync per record), run by hand, figures in
 * BENCHMARKS-alerting.md. {@code java -cp <test classpath> dta.observatory.alert.outbox.OutboxBench [n]}.
 */
public final class OutboxBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("outbox-bench");
        try (Outbox o = Outbox.open(dir.resolve("outbox.journal"), new RetryPolicy(3, Duration.ofSeconds(1)),
                n * 2, 10, () -> 0, x -> { })) {
            for (int round = 0; round < 2; round++) { // the first round warms up the JIT
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    o.enqueue(List.of(Notification.single("webhook", Alerts.firing("bench", Map.of("i", "" + i)),
                            "r" + round + "-" + i, 0)), 0);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    o.delivered("r" + round + "-" + i);
                }
                long t2 = System.nanoTime();
                System.out.printf("round %d: enqueue (1 fsync each) %.3f ms/op = %.0f ops/s; done %.3f ms/op;"
                        + " journal %d bytes%n", round, (t1 - t0) / 1e6 / n, n / ((t1 - t0) / 1e9),
                        (t2 - t1) / 1e6 / n, o.journalBytes());
            }
            long t3 = System.nanoTime();
            o.compact(List.of());
            System.out.printf("compact to %d bytes in %.1f ms%n", o.journalBytes(), (System.nanoTime() - t3) / 1e6);
        }
        long t4 = System.nanoTime();
        try (Outbox o = Outbox.open(dir.resolve("outbox.journal"), new RetryPolicy(3, Duration.ofSeconds(1)), 10, 10,
                () -> 0, x -> { })) {
            System.out.printf("reopen (replay) in %.1f ms, %d pending%n", (System.nanoTime() - t4) / 1e6, o.depth());
        }
    }
}
