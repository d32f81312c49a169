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
    private final Counter dropped;
    private final Counter piiLabels;
    private final Counter unauthenticated;
    private final Counter unsupportedOtlp;

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
        // Refusals of whole requests share the counter, with their own reasons.
        dropped = rejectedWithReason(registry, "rate_limited");
        unauthenticated = rejectedWithReason(registry, "unauthenticated");
        unsupportedOtlp = rejectedWithReason(registry, "otlp_unsupported");
        piiLabels = Counter.builder("dta.ingest.pii.labels.removed")
                .description("Labels removed by the PII guard before storing").register(registry);
    }

    private static Counter rejectedWithReason(MeterRegistry registry, String reason) {
        return Counter.builder("dta.ingest.rejected").description("Samples refused, by reason").tag("reason", reason)
                .register(registry);
    }

    /** Samples dropped by the flood guard. */
    public void dropped(long count) {
        dropped.increment(count);
    }

    /** Requests refused for a missing or unknown bearer token. */
    public void unauthenticated() {
        unauthenticated.increment();
    }

    /** OTLP data points of a kind ingest does not store (delta temporality, exponential histograms). */
    public void unsupportedOtlp(long points) {
        unsupportedOtlp.increment(points);
    }

    void piiLabelsRemoved(long count) {
        piiLabels.increment(count);
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
