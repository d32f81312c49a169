package dta.observatory.ingest.emit;

import dta.observatory.ingest.validation.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counters of what ingest did with each sample; exposed as dta_ingest_* at /q/metrics. */
public final class IngestMetrics {

    private final Counter accepted;
    private final Counter storeFailures;
    private final Map<Problem.Kind, Counter> rejected = new EnumMap<>(Problem.Kind.class);

    public IngestMetrics(MeterRegistry registry) {
        accepted = Counter.builder("dta.ingest.samples.accepted")
                .description("Samples stored durably through ingest").register(registry);
        storeFailures = Counter.builder("dta.ingest.store.failures")
                .description("Batches the store could not take (answered UNAVAILABLE / 503)").register(registry);
        for (Problem.Kind kind : Problem.Kind.values()) {
            rejected.put(kind, Counter.builder("dta.ingest.rejected")
                    .description("Samples refused, by reason").tag("reason", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void accepted(long count) {
        accepted.increment(count);
    }

    void rejected(Problem.Kind kind) {
        rejected.get(kind).increment();
    }

    void storeFailure() {
        storeFailures.increment();
    }
}
