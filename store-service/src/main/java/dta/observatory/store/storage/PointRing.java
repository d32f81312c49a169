package dta.observatory.store.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-capacity ring of points kept in ascending time order (the seed's {@code deque(maxlen=MAX)}): once full,
 * each new point pushes out the oldest one. Not thread-safe; {@link RingBufferStorage} guards each ring.
 *
 * <p>Points normally arrive in time order and cost O(1). A late point is inserted at its place (O(distance from
 * the end)), so readers always see sorted data. A point older than everything in a full ring is dropped, since it
 * would be the first to be pushed out anyway.
 */
final class PointRing {

    private final long[] timestamps;
    private final double[] values;
    private int start;
    private int size;

    PointRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.timestamps = new long[capacity];
        this.values = new double[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return timestamps.length;
    }

    /** Adds a point; returns false if it was older than everything in a full ring and so not kept. */
    boolean add(long timestampMs, double value) {
        if (size == capacity() && timestampMs < timestampAt(0)) {
            return false;
        }
        if (size == capacity()) {
            start = (start + 1) % capacity();
            size--;
        }
        int position = size;
        while (position > 0 && timestampAt(position - 1) > timestampMs) {
            copy(position - 1, position);
            position--;
        }
        int slot = physical(position);
        timestamps[slot] = timestampMs;
        values[slot] = value;
        size++;
        return true;
    }

    /** The newest point; only valid when {@link #size()} &gt; 0. */
    Point newest() {
        return pointAt(size - 1);
    }

    /** The last {@code n} points (fewer if the ring holds fewer), oldest first. */
    List<Point> last(int n) {
        int count = Math.min(n, size);
        List<Point> out = new ArrayList<>(count);
        for (int i = size - count; i < size; i++) {
            out.add(pointAt(i));
        }
        return out;
    }

    /** Points with {@code fromMs <= t <= toMs}, oldest first. */
    List<Point> between(long fromMs, long toMs) {
        List<Point> out = new ArrayList<>();
        for (int i = firstIndexAtOrAfter(fromMs); i < size && timestampAt(i) <= toMs; i++) {
            out.add(pointAt(i));
        }
        return out;
    }

    private int firstIndexAtOrAfter(long timestampMs) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (timestampAt(mid) < timestampMs) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private Point pointAt(int logical) {
        int slot = physical(logical);
        return new Point(timestamps[slot], values[slot]);
    }

    private long timestampAt(int logical) {
        return timestamps[physical(logical)];
    }

    private void copy(int fromLogical, int toLogical) {
        int from = physical(fromLogical);
        int to = physical(toLogical);
        timestamps[to] = timestamps[from];
        values[to] = values[from];
    }

    private int physical(int logical) {
        return (start + logical) % capacity();
    }
}
