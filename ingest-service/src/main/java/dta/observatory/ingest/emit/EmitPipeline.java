package dta.observatory.ingest.emit;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.RejectReason;
import dta.observatory.api.v1.Rejection;
import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.cardinality.CardinalityLimiter;
import dta.observatory.ingest.floodguard.FloodGuard;
import dta.observatory.ingest.floodguard.FloodedException;
import dta.observatory.ingest.forward.StoreUnavailableException;
import dta.observatory.ingest.forward.StoreWriter;
import dta.observatory.ingest.pii.PiiGuard;
import dta.observatory.ingest.validation.Problem;
import dta.observatory.ingest.validation.SampleValidator;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The one path every protocol's samples take: validate each sample, remove PII labels, let the flood guard admit
 * what the rate allows (the rest is dropped and counted), refuse new series beyond the per-metric cardinality limit,
 * stamp "now" on samples without a timestamp, forward the rest to the store, and report what became of each. Valid
 * samples are stored even when others in the same batch are refused.
 */
public final class EmitPipeline {

    /** Most samples one request may carry. */
    public static final int MAX_BATCH = 10_000;

    private final SampleValidator validator;
    private final StoreWriter store;
    private final IngestMetrics metrics;
    private final LongSupplier clock;
    private final PiiGuard pii;
    private final FloodGuard floodGuard;
    private final CardinalityLimiter cardinality;

    /** Without PII guard, flood guard or cardinality limit (tests of validation and forwarding). */
    public EmitPipeline(SampleValidator validator, StoreWriter store, IngestMetrics metrics, LongSupplier clock) {
        this(validator, store, metrics, clock, null, null, null);
    }

    /** @param pii, floodGuard, cardinality each may be null to leave that step out */
    public EmitPipeline(SampleValidator validator, StoreWriter store, IngestMetrics metrics, LongSupplier clock,
            PiiGuard pii, FloodGuard floodGuard, CardinalityLimiter cardinality) {
        this.validator = validator;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.pii = pii;
        this.floodGuard = floodGuard;
        this.cardinality = cardinality;
    }

    /** As {@link #emit(List, String)} for the anonymous source. */
    public Uni<EmitResponse> emit(List<Sample> samples) {
        return emit(samples, "");
    }

    /**
     * @throws IllegalArgumentException when the batch as a whole is unusable (empty or too large)
     * @param source who sent the batch (from its bearer token; "" when auth is off), for the per-source flood guard
     * @return the outcome; fails with {@link StoreUnavailableException} when the store did not take the batch and
     *     with {@link FloodedException} when the flood guard dropped every valid sample
     */
    public Uni<EmitResponse> emit(List<Sample> samples, String source) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("request has no samples");
        }
        if (samples.size() > MAX_BATCH) {
            throw new IllegalArgumentException("request has " + samples.size() + " samples; the limit is " + MAX_BATCH
                    + " per request");
        }
        long now = clock.getAsLong();
        List<Sample> checked = new ArrayList<>(samples.size());
        List<Integer> checkedIndex = new ArrayList<>(samples.size());
        EmitResponse.Builder reply = EmitResponse.newBuilder();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Problem problem = validator.check(s.getMetric(), s.getValue(), s.getTimestampMs(), s.getLabelsMap(), now);
            if (problem != null) {
                reject(reply, i, problem);
                continue;
            }
            if (pii != null) {
                PiiGuard.Cleaned cleaned = pii.clean(s.getLabelsMap());
                if (cleaned.removed() > 0) {
                    metrics.piiLabelsRemoved(cleaned.removed());
                    s = s.toBuilder().clearLabels().putAllLabels(cleaned.labels()).build();
                }
            }
            checked.add(s);
            checkedIndex.add(i);
        }
        int admitted = checked.size();
        if (floodGuard != null && !checked.isEmpty()) {
            FloodGuard.Admission admission = floodGuard.admit(source, checked.size());
            admitted = admission.admitted();
            if (admission.dropped() > 0) {
                metrics.dropped(admission.dropped());
                reply.setDropped(admission.dropped());
                if (admitted == 0) {
                    throw new FloodedException(admission.dropped(), reply.getRejectionsCount(),
                            admission.retryAfterMillis());
                }
            }
        }
        AppendRequest.Builder valid = AppendRequest.newBuilder();
        List<Integer> originalIndex = new ArrayList<>(admitted);
        for (int k = 0; k < admitted; k++) {
            Sample s = checked.get(k);
            String tooMany = cardinality == null ? null : cardinality.check(s.getMetric(), s.getLabelsMap());
            if (tooMany != null) {
                reject(reply, checkedIndex.get(k), new Problem(Problem.Kind.CARDINALITY_LIMIT, tooMany));
                continue;
            }
            valid.addSamples(s.getTimestampMs() == 0 ? s.toBuilder().setTimestampMs(now).build() : s);
            originalIndex.add(checkedIndex.get(k));
        }
        if (valid.getSamplesCount() == 0) {
            return Uni.createFrom().item(reply.setRejected(reply.getRejectionsCount()).build());
        }
        return store.append(valid.build())
                .onFailure().invoke(metrics::storeFailure)
                .map(stored -> {
                    for (Rejection r : stored.getRejectionsList()) {
                        reject(reply, originalIndex.get(r.getIndex()), new Problem(kindOf(r.getReason()), r.getMessage()));
                    }
                    metrics.accepted(stored.getAppended());
                    return reply.setAccepted(stored.getAppended()).setRejected(reply.getRejectionsCount()).build();
                });
    }

    private void reject(EmitResponse.Builder reply, int index, Problem problem) {
        metrics.rejected(problem.kind());
        reply.addRejections(Rejection.newBuilder().setIndex(index).setReason(reasonOf(problem.kind()))
                .setMessage(problem.message()));
    }

    static RejectReason reasonOf(Problem.Kind kind) {
        return switch (kind) {
            case EMPTY_NAME -> RejectReason.REJECT_REASON_EMPTY_NAME;
            case INVALID_NAME -> RejectReason.REJECT_REASON_INVALID_NAME;
            case NON_FINITE_VALUE -> RejectReason.REJECT_REASON_NON_FINITE_VALUE;
            case INVALID_LABEL -> RejectReason.REJECT_REASON_INVALID_LABEL;
            case TIMESTAMP_OUT_OF_BOUNDS -> RejectReason.REJECT_REASON_TIMESTAMP_OUT_OF_BOUNDS;
            case OUT_OF_ORDER -> RejectReason.REJECT_REASON_OUT_OF_ORDER;
            case CARDINALITY_LIMIT -> RejectReason.REJECT_REASON_CARDINALITY_LIMIT;
        };
    }

    static Problem.Kind kindOf(RejectReason reason) {
        for (Problem.Kind kind : Problem.Kind.values()) {
            if (reasonOf(kind) == reason) {
                return kind;
            }
        }
        return Problem.Kind.INVALID_NAME;
    }

    /** A one-line summary of why every sample of a batch was refused, for gRPC status and HTTP 400 messages. */
    public static String summary(EmitResponse response) {
        StringBuilder sb = new StringBuilder("all ").append(response.getRejected()).append(" sample(s) rejected");
        response.getRejectionsList().stream().limit(3).forEach(r ->
                sb.append("; [").append(r.getIndex()).append("] ").append(r.getMessage()));
        if (response.getRejectionsCount() > 3) {
            sb.append("; …");
        }
        return sb.toString();
    }
}
