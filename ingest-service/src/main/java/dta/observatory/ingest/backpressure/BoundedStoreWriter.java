package dta.observatory.ingest.backpressure;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.ingest.forward.StoreUnavailableException;
import dta.observatory.ingest.forward.StoreWriter;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backpressure in front of the store: at most {@code maxInFlight} batches are sent at once and at most
 * {@code maxWaiting} wait for a slot; a batch beyond that fails at once with {@link StoreUnavailableException}
 * (UNAVAILABLE / 503, retry later) instead of queueing without bound. Waiting is bounded in time too, because every
 * batch sent carries the store deadline, so each slot frees within it. Memory stays bounded by
 * {@code (maxInFlight + maxWaiting) × batch size}.
 */
public final class BoundedStoreWriter implements StoreWriter {

    private final StoreWriter next;
    private final int maxInFlight;
    private final int maxWaiting;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final AtomicLong refused = new AtomicLong();
    private int inFlight;

    public BoundedStoreWriter(StoreWriter next, int maxInFlight, int maxWaiting) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must not be negative, got " + maxWaiting);
        }
        this.next = next;
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        return Uni.createFrom().emitter(em -> {
            Runnable send = () -> next.append(request).subscribe().with(
                    ok -> {
                        release();
                        em.complete(ok);
                    },
                    err -> {
                        release();
                        em.fail(err);
                    });
            boolean sendNow;
            synchronized (this) {
                if (inFlight < maxInFlight) {
                    inFlight++;
                    sendNow = true;
                } else if (waiting.size() < maxWaiting) {
                    waiting.add(send);
                    sendNow = false;
                } else {
                    refused.incrementAndGet();
                    em.fail(new StoreUnavailableException("ingest already has " + maxInFlight
                            + " batches in flight to the store and " + maxWaiting + " waiting; retry later", null));
                    return;
                }
            }
            if (sendNow) {
                send.run();
            }
        });
    }

    private void release() {
        Runnable nextWaiting;
        synchronized (this) {
            nextWaiting = waiting.poll();
            if (nextWaiting == null) {
                inFlight--;
            }
        }
        if (nextWaiting != null) {
            nextWaiting.run(); // keeps the slot: inFlight unchanged
        }
    }

    /** Batches refused because too many were in flight and waiting. */
    public long refused() {
        return refused.get();
    }

    /** Batches sent and not yet answered. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Batches waiting for a slot. */
    public synchronized int waiting() {
        return waiting.size();
    }
}
