package dta.observatory.client.emit;

import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.IngestServiceGrpc;
import dta.observatory.api.v1.Sample;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends samples to ingest in batches from one background thread, so that {@code emit} never blocks the caller.
 * The buffer is bounded: when it is full, new samples are dropped and counted rather than held without limit. A
 * batch that ingest could not take (store down, overload) is retried with backoff until it is acknowledged or the
 * emitter is closed; a batch ingest refused as invalid is counted as rejected and not retried.
 */
public final class BatchingEmitter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchingEmitter.class.getName());
    private static final long MAX_BACKOFF_MS = 5_000;

    private final IngestServiceGrpc.IngestServiceBlockingStub ingest;
    private final BlockingQueue<Sample> buffer;
    private final int maxBatch;
    private final long lingerNanos;
    private final Duration callTimeout;
    private final Thread sender;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object settledLock = new Object();
    private long settled;
    private volatile boolean closing;
    private volatile boolean abandon;

    public BatchingEmitter(IngestServiceGrpc.IngestServiceBlockingStub ingest, int capacity, int maxBatch,
            Duration linger, Duration callTimeout) {
        this.ingest = ingest;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.callTimeout = callTimeout;
        this.sender = new Thread(this::run, "dta-emitter");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues a sample; returns false (and counts it dropped) if the buffer is full or the emitter closed. */
    public boolean offer(Sample sample) {
        if (closing || !buffer.offer(sample)) {
            dropped.incrementAndGet();
            return false;
        }
        offered.incrementAndGet();
        return true;
    }

    /** Waits until every sample queued before this call was acknowledged or refused; false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = offered.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settledLock) {
            while (settled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(settledLock, left);
            }
        }
        return true;
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Flushes for at most {@code timeout}, then stops; samples still unsent then are counted as dropped. */
    public void close(Duration timeout) {
        closing = true;
        try {
            if (!flush(timeout)) {
                LOG.warning("closing with unsent samples: they are counted as dropped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandon = true;
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(buffer.size());
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void run() {
        List<Sample> batch = new ArrayList<>(maxBatch);
        while (!abandon) {
            try {
                Sample first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long lingerEnd = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch) {
                    Sample next = buffer.poll(Math.max(0, lingerEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                sendUntilSettled(batch);
            } catch (InterruptedException e) {
                if (abandon) {
                    dropped.addAndGet(batch.size());
                    return;
                }
            }
            settle(batch.size());
            batch.clear();
        }
    }

    private void sendUntilSettled(List<Sample> batch) throws InterruptedException {
        long backoffMs = 100;
        while (true) {
            try {
                EmitResponse reply = ingest.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .emit(EmitRequest.newBuilder().addAllSamples(batch).build());
                accepted.addAndGet(reply.getAccepted());
                rejected.addAndGet(reply.getRejected());
                dropped.addAndGet(reply.getDropped());
                if (reply.getRejected() > 0) {
                    LOG.warning(() -> reply.getRejected() + " sample(s) rejected by ingest, first: "
                            + reply.getRejections(0).getMessage());
                }
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    rejected.addAndGet(batch.size());
                    LOG.warning("batch refused by ingest: " + e.getStatus().getDescription());
                    return;
                }
                if (abandon) {
                    throw new InterruptedException("closed");
                }
                LOG.log(Level.FINE, "ingest did not take the batch, retrying in {0} ms: {1}",
                        new Object[] {backoffMs, e.getStatus()});
                Thread.sleep(backoffMs);
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
        }
    }

    private void settle(int count) {
        synchronized (settledLock) {
            settled += count;
            settledLock.notifyAll();
        }
    }
}
