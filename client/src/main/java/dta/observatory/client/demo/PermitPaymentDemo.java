package dta.observatory.client.demo;

import static dta.observatory.client.Windows.avg;

import dta.observatory.client.Metric;
import dta.observatory.client.Observatory;
import dta.observatory.client.rules.Rules;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Demo traffic for {@code ./run}: the seed's permit-payment example. Emits {@code permit.pay.ok} (1 = paid, 0 =
 * failed) about 20 times a second with a 1 % failure rate and, every {@code burstEverySeconds}, a burst of
 * failures that drags the success rate of the last 100 payments below 95 %; also a latency gauge. Creates the
 * server-side rule (watcher → alert service → log/webhook) and a local lambda watch, as the quick start does.
 */
public final class PermitPaymentDemo {

    private PermitPaymentDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        String ingest = args.length > 0 ? args[0] : "127.0.0.1:8081";
        long burstEveryMs = (args.length > 1 ? Long.parseLong(args[1]) : 40) * 1000;
        Random random = new Random(42);
        try (Observatory obs = Observatory.connect(ingest)) {
            createRule(obs);
            obs.watch("permit.pay.ok", 100, arr -> avg(arr) < 0.95,
                    () -> System.out.println("[demo] local watch: Payment success <95%"));
            long start = System.currentTimeMillis();
            long nextBurst = start + 20_000;
            long nextReport = start + 10_000;
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                boolean burst = now >= nextBurst;
                if (burst) {
                    System.out.println("[demo] failure burst: 15 of the next 20 payments fail");
                    for (int i = 0; i < 20; i++) {
                        obs.emit(new Metric("permit.pay.ok", i % 4 == 0 ? 1 : 0, Map.of("service", "permits")));
                        Thread.sleep(5);
                    }
                    nextBurst = now + burstEveryMs;
                }
                obs.emit(new Metric("permit.pay.ok", random.nextDouble() < 0.99 ? 1 : 0, Map.of("service", "permits")));
                double latency = Math.round((80 + random.nextGaussian() * 15 + (burst ? 900 : 0)) * 10) / 10.0;
                obs.emit(new Metric("svc.latency_ms", Math.max(1, latency), Map.of("service", "permits")));
                if (now >= nextReport) {
                    System.out.printf("[demo] sent %d values (%d rejected, %d dropped)%n", obs.acceptedCount(),
                            obs.rejectedCount(), obs.droppedCount());
                    nextReport = now + 10_000;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void createRule(Observatory obs) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                obs.rules().create(Rules.threshold("permit.pay.ok").id("permit-pay-ok").lastValues(100).avg()
                        .below(0.95).minInterval(Duration.ofSeconds(60)).severity("critical")
                        .summary("Payment success <95% over the last 100 payments"));
                System.out.println("[demo] rule permit-pay-ok created: avg of last 100 permit.pay.ok < 0.95");
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                    return;
                }
                if (attempt >= 30) {
                    throw e;
                }
                Thread.sleep(1000); // the watcher may still be starting
            }
        }
    }
}
