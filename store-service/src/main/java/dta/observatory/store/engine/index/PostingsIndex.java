package dta.observatory.store.engine.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Inverted index: metric name → series ids, and (metric, label name, label value) → series ids. Ids are handed
 * out in increasing order, so every postings list stays sorted by appending; matching intersects sorted lists,
 * smallest first. Thread-safe (one read-write lock).
 */
public final class PostingsIndex {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, MetricPostings> byMetric = new HashMap<>();

    private static final class MetricPostings {
        final IntList all = new IntList();
        final Map<String, Map<String, IntList>> byLabel = new HashMap<>();
    }

    /** Adds a series; {@code id} must be larger than every id added before. */
    public void add(int id, String metric, SortedMap<String, String> labels) {
        lock.writeLock().lock();
        try {
            MetricPostings mp = byMetric.computeIfAbsent(metric, m -> new MetricPostings());
            mp.all.add(id);
            for (Map.Entry<String, String> l : labels.entrySet()) {
                mp.byLabel.computeIfAbsent(l.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(l.getValue(), v -> new IntList()).add(id);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Ids of series of {@code metric} that have every matcher label with exactly that value, ascending. */
    public int[] match(String metric, Map<String, String> matchers) {
        lock.readLock().lock();
        try {
            MetricPostings mp = byMetric.get(metric);
            if (mp == null) {
                return new int[0];
            }
            if (matchers == null || matchers.isEmpty()) {
                return mp.all.toArray();
            }
            List<IntList> lists = new ArrayList<>(matchers.size());
            for (Map.Entry<String, String> m : matchers.entrySet()) {
                IntList l = mp.byLabel.getOrDefault(m.getKey(), Map.of()).get(m.getValue());
                if (l == null) {
                    return new int[0];
                }
                lists.add(l);
            }
            lists.sort((a, b) -> Integer.compare(a.size, b.size));
            int[] result = lists.get(0).toArray();
            for (int i = 1; i < lists.size() && result.length > 0; i++) {
                result = intersect(result, lists.get(i));
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean hasMetric(String metric) {
        lock.readLock().lock();
        try {
            return byMetric.containsKey(metric);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Metric names starting with {@code prefix}, sorted, with their series ids. */
    public SortedMap<String, int[]> metrics(String prefix) {
        lock.readLock().lock();
        try {
            SortedMap<String, int[]> out = new TreeMap<>();
            for (Map.Entry<String, MetricPostings> e : byMetric.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    out.put(e.getKey(), e.getValue().all.toArray());
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<String> labelNames(String metric) {
        lock.readLock().lock();
        try {
            MetricPostings mp = byMetric.get(metric);
            return mp == null ? List.of() : List.copyOf(new TreeSet<>(mp.byLabel.keySet()));
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<String> labelValues(String metric, String label) {
        lock.readLock().lock();
        try {
            MetricPostings mp = byMetric.get(metric);
            if (mp == null) {
                return List.of();
            }
            return List.copyOf(new TreeSet<>(mp.byLabel.getOrDefault(label, Map.of()).keySet()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private static int[] intersect(int[] a, IntList b) {
        int[] out = new int[Math.min(a.length, b.size)];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.size) {
            if (a[i] == b.values[j]) {
                out[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b.values[j]) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    static final class IntList {
        int[] values = new int[2];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
