package dta.observatory.ingest.forward;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.AppendStreamRequest;
import dta.observatory.api.v1.AppendStreamResponse;
import dta.observatory.api.v1.StoreServiceGrpc;
import dta.observatory.support.GrpcPeerProbe;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends batches to the store over a few long-lived {@code StoreService/AppendStream} calls instead of one unary
 * Append each: no call set-up per batch, and the store appends a stream's batches concurrently so that they share
 * WAL fsyncs. A batch's Uni completes only with the store's answer to it, which comes after its durable append.
 *
 * <p>Failures all end in {@link StoreUnavailableException}, so ingest answers UNAVAILABLE / 503 and never
 * acknowledges a batch the store did not confirm:
 * <ul>
 *   <li>the store answers the batch with an error: that batch fails, the stream goes on;</li>
 *   <li>no answer within {@code timeout}: that batch fails and its stream is reset (a stream that stopped answering
 *       is not trusted with more batches), which fails the stream's other pending batches;</li>
 *   <li>the stream fails or ends (store down, restarted): every pending batch of it fails and the next batch opens a
 *       new stream.</li>
 * </ul>
 * This writer does not bound how many batches are pending; {@link dta.observatory.ingest.backpressure
 * .BoundedStoreWriter} in front of it does. Memory per batch is released by its answer or its deadline.
 */
public final class StreamingStoreWriter implements StoreWriter, AutoCloseable {

    private final Supplier<Channel> channelSource;
    private volatile Channel channel;
    private final long timeoutMs;
    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    private volatile boolean closed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dta-store-stream-deadlines");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param channel the gRPC channel to the store
     * @param streams how many AppendStreams to spread batches over (round robin): more than one keeps a single
     *     stuck or reset stream from taking every pending batch with it, and spreads the load over HTTP/2 streams
     * @param timeout how long a batch may wait for the store's answer
     */
    public StreamingStoreWriter(Channel channel, int streams, Duration timeout) {
        this(() -> channel, streams, timeout);
    }

    /**
     * As {@link #StreamingStoreWriter(Channel, int, Duration)}, with the channel asked for at the first batch rather
     * than now (ingest's wiring: a channel made while the application starts would miss the test server's port).
     */
    public StreamingStoreWriter(Supplier<Channel> channel, int streams, Duration timeout) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be >= 1, got " + streams);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.channelSource = channel;
        this.timeoutMs = timeout.toMillis();
        this.lanes = new Lane[streams];
        for (int i = 0; i < streams; i++) {
            lanes[i] = new Lane();
        }
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        return Uni.createFrom().emitter(em -> {
            if (closed) { // no new stream once closed: nothing would end it
                em.fail(notTaken("ingest is shutting down", null));
                return;
            }
            lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)].send(request, em);
        });
    }

    private Channel channel() {
        Channel c = channel;
        if (c == null) {
            c = channelSource.get();
            channel = c;
        }
        return c;
    }

    /** Ends the streams (their pending batches fail) and the deadline timer. */
    @Override
    public void close() {
        closed = true;
        for (Lane lane : lanes) {
            lane.reset("ingest is shutting down");
        }
        timer.shutdownNow();
    }

    /** The failure every batch the store did not confirm ends in; its wording is what callers see (503 body). */
    private static StoreUnavailableException notTaken(String why, Throwable cause) {
        return new StoreUnavailableException("store did not take the batch: " + why, cause);
    }

    /** Streams opened since start, reconnections included. */
    public int streamsOpened() {
        int n = 0;
        for (Lane lane : lanes) {
            synchronized (lane) {
                n += lane.opened;
            }
        }
        return n;
    }

    /** One slot for a stream: holds the current stream, opening a new one when the last one broke. */
    private final class Lane {

        private Stream current;
        private int opened;

        void send(AppendRequest request, UniEmitter<? super AppendResponse> em) {
            Stream stream;
            synchronized (this) {
                if (current == null || current.broken) {
                    current = new Stream(this);
                    opened++;
                }
                stream = current;
            }
            stream.send(request, em);
        }

        synchronized void forget(Stream stream) {
            if (current == stream) {
                current = null;
            }
        }

        void reset(String why) {
            Stream stream;
            synchronized (this) {
                stream = current;
                current = null;
            }
            if (stream != null) {
                stream.reset(why);
            }
        }
    }

    /** A batch sent and not yet answered. */
    private record Pending(UniEmitter<? super AppendResponse> emitter, ScheduledFuture<?> deadline) {
    }

    /**
     * One AppendStream call. Its sequence numbers and pending batches are its own, so a late answer on a stream
     * that was already reset can never complete a batch of its successor.
     */
    private final class Stream implements StreamObserver<AppendStreamResponse> {

        private final Lane lane;
        private final Map<Long, Pending> pending = new HashMap<>();
        private final ClientCallStreamObserver<AppendStreamRequest> requests;
        private long nextSequence = 1;
        private volatile boolean broken;
        private String brokenBecause;
        private Throwable brokenCause;

        Stream(Lane lane) {
            this.lane = lane;
            // No deadline on the call itself: it lives as long as it works; each batch has its own deadline.
            this.requests = (ClientCallStreamObserver<AppendStreamRequest>) StoreServiceGrpc.newStub(channel())
                    .appendStream(this);
        }

        void send(AppendRequest request, UniEmitter<? super AppendResponse> em) {
            RuntimeException failure = null;
            synchronized (this) {
                if (broken) {
                    // Broke between the lane handing it out and now (or as it opened: the store is not there).
                    failure = notTaken(brokenBecause, brokenCause);
                } else {
                    long sequence = nextSequence++;
                    try {
                        ScheduledFuture<?> deadline = timer.schedule(() -> expire(sequence), timeoutMs,
                                TimeUnit.MILLISECONDS);
                        pending.put(sequence, new Pending(em, deadline));
                        // Under the lock: StreamObserver.onNext is not thread-safe. It only queues the message.
                        requests.onNext(AppendStreamRequest.newBuilder().setSequence(sequence).setBatch(request)
                                .build());
                    } catch (RuntimeException e) { // timer shut down, call already cancelled
                        Pending p = pending.remove(sequence);
                        if (p != null) {
                            p.deadline().cancel(false);
                        }
                        failure = notTaken("could not send it: " + e, e);
                    }
                }
            }
            if (failure != null) {
                em.fail(failure); // outside the lock: the failure runs the caller's code
            }
        }

        @Override
        public void onNext(AppendStreamResponse response) {
            Pending p;
            synchronized (this) {
                p = pending.remove(response.getSequence());
            }
            if (p == null) {
                return; // already failed by its deadline
            }
            p.deadline().cancel(false);
            if (!response.getError().isEmpty()) {
                p.emitter().fail(notTaken("the store refused it: " + response.getError(), null));
            } else {
                p.emitter().complete(response.getResult());
            }
        }

        @Override
        public void onError(Throwable t) {
            GrpcPeerProbe.retryConnectionSoon(channel());
            failAll("the store stream failed: " + t.getMessage(), t);
        }

        @Override
        public void onCompleted() {
            failAll("the store ended the stream", null);
        }

        /** The batch was not answered in time: fail it and give up on this stream. */
        private void expire(long sequence) {
            Pending p;
            synchronized (this) {
                p = pending.remove(sequence);
            }
            if (p != null) {
                p.emitter().fail(notTaken("no answer within " + timeoutMs + " ms", null));
                lane.forget(this);
                reset("a batch was not answered within " + timeoutMs + " ms");
            }
        }

        /**
         * Fails what is pending, then cancels the call. In this order so that the pending batches fail with the
         * reason, not with the CANCELLED that the cancellation reports back (by then nothing is pending).
         */
        void reset(String why) {
            failAll("the store stream was reset: " + why, null);
            requests.cancel(why, null);
        }

        /** Marks the stream broken for good; the first reason is kept for batches that still reach it. */
        private void breakWith(String message, Throwable cause) {
            if (!broken) {
                brokenBecause = message;
                brokenCause = cause;
                broken = true;
            }
        }

        private void failAll(String message, Throwable cause) {
            List<Pending> failed;
            synchronized (this) {
                breakWith(message, cause);
                failed = new ArrayList<>(pending.values());
                pending.clear();
            }
            lane.forget(this);
            for (Pending p : failed) {
                p.deadline().cancel(false);
                p.emitter().fail(notTaken(message, cause));
            }
        }
    }
}
