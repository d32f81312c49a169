package dta.observatory.store.opendata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code perMinute} requests a minute, bursts up to {@code perMinute}. The client table
 * is bounded ({@code maxClients}, least recently seen forgotten first), so many addresses cannot exhaust memory;
 * forgetting a client only gives it a fresh bucket. Refusals are counted.
 */
public final class RateLimiter {

    private final int perMinute;
    private final int maxClients;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> buckets;
    private final AtomicLong refused = new AtomicLong();

    public RateLimiter(int perMinute, int maxClients, LongSupplier nanoClock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("open-data rate limit must be at least 1 request a minute, got "
                    + perMinute);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("max clients must be at least 1, got " + maxClients);
        }
        this.perMinute = perMinute;
        this.maxClients = maxClients;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > RateLimiter.this.maxClients;
            }
        };
    }

    /** Takes one token for {@code client}; false (and counted) when its bucket is empty. */
    public synchronized boolean tryAcquire(String client) {
        long now = nanoClock.getAsLong();
        double[] b = buckets.computeIfAbsent(client, k -> new double[] {perMinute, now});
        double refill = (now - (long) b[1]) / 60e9 * perMinute;
        b[0] = Math.min(perMinute, b[0] + refill);
        b[1] = now;
        if (b[0] >= 1) {
            b[0] -= 1;
            return true;
        }
        refused.incrementAndGet();
        return false;
    }

    /** Seconds until {@code client} has a token again (at least 1), for {@code Retry-After}. */
    public synchronized long retryAfterSeconds(String client) {
        double[] b = buckets.get(client);
        double missing = b == null ? 0 : Math.max(0, 1 - b[0]);
        return Math.max(1, (long) Math.ceil(missing * 60.0 / perMinute));
    }

    public long refused() {
        return refused.get();
    }

    public synchronized int trackedClients() {
        return buckets.size();
    }
}
