package dta.observatory.store.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The seed's store: the last {@code capacityPerSeries} points of every series, in memory only. Nothing survives a
 * restart; it stands behind {@link Storage} until the durable engine replaces it.
 */
public final class RingBufferStorage implements Storage {

    /** The seed's {@code MAX}: points kept per series. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacityPerSeries;
    private final ConcurrentHashMap<SeriesKey, PointRing> rings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<SeriesKey>> seriesByMetric = new ConcurrentHashMap<>();

    public RingBufferStorage() {
        this(DEFAULT_CAPACITY);
    }

    public RingBufferStorage(int capacityPerSeries) {
        if (capacityPerSeries <= 0) {
            throw new IllegalArgumentException("capacityPerSeries must be positive, got " + capacityPerSeries);
        }
        this.capacityPerSeries = capacityPerSeries;
    }

    /**
     * Appends a batch. Each series' share of the batch is added under one lock, so a reader sees all of it or
     * none: a rule never judges half a burst.
     */
    @Override
    public AppendOutcome append(List<StoredSample> samples) {
        Map<SeriesKey, List<StoredSample>> bySeries = new LinkedHashMap<>();
        for (StoredSample sample : samples) {
            bySeries.computeIfAbsent(sample.series(), k -> new ArrayList<>()).add(sample);
        }
        for (Map.Entry<SeriesKey, List<StoredSample>> group : bySeries.entrySet()) {
            PointRing ring = rings.computeIfAbsent(group.getKey(), this::newSeries);
            synchronized (ring) {
                for (StoredSample sample : group.getValue()) {
                    ring.add(sample.timestampMs(), sample.value());
                }
            }
        }
        return new AppendOutcome(samples.size(), List.of());
    }

    private PointRing newSeries(SeriesKey key) {
        seriesByMetric.computeIfAbsent(key.metric(), m -> new ConcurrentSkipListSet<>(
                Comparator.comparing(SeriesKey::toString))).add(key);
        return new PointRing(capacityPerSeries);
    }

    @Override
    public QueryResult lastPoints(String metric, Map<String, String> matchers, int n) {
        List<SeriesKey> keys = matching(metric, matchers);
        List<SeriesPoints> candidates = new ArrayList<>(keys.size());
        for (SeriesKey key : keys) {
            PointRing ring = rings.get(key);
            synchronized (ring) {
                candidates.add(new SeriesPoints(key, ring.last(n)));
            }
        }
        return QueryResult.of(LastN.across(candidates, n), !keys.isEmpty());
    }

    @Override
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        List<SeriesKey> keys = matching(metric, matchers);
        List<SeriesPoints> found = new ArrayList<>(keys.size());
        for (SeriesKey key : keys) {
            PointRing ring = rings.get(key);
            List<Point> points;
            synchronized (ring) {
                points = ring.between(fromMs, toMs);
            }
            if (!points.isEmpty()) {
                found.add(new SeriesPoints(key, points));
            }
        }
        return QueryResult.of(found, !keys.isEmpty());
    }

    @Override
    public List<MetricSummary> listMetrics(String prefix) {
        List<MetricSummary> out = new ArrayList<>();
        for (Map.Entry<String, Set<SeriesKey>> entry : seriesByMetric.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            Point newest = null;
            for (SeriesKey key : entry.getValue()) {
                PointRing ring = rings.get(key);
                synchronized (ring) {
                    if (ring.size() > 0 && (newest == null || ring.newest().timestampMs() >= newest.timestampMs())) {
                        newest = ring.newest();
                    }
                }
            }
            out.add(new MetricSummary(entry.getKey(), entry.getValue().size(),
                    newest == null ? 0 : newest.timestampMs(), newest == null ? Double.NaN : newest.value()));
        }
        out.sort(Comparator.comparing(MetricSummary::name));
        return out;
    }

    @Override
    public LabelSets labelSets(String label, LabelQuery query) {
        LabelSets out = new LabelSets(label);
        for (Map.Entry<String, Set<SeriesKey>> entry : seriesByMetric.entrySet()) {
            if (!query.metric().isEmpty() && !query.metric().equals(entry.getKey())) {
                continue;
            }
            for (SeriesKey key : entry.getValue()) {
                if (query.selects(key) && (!query.timeLimited() || hasPointIn(key, query.fromMs(), query.toMs()))) {
                    out.add(key);
                }
            }
        }
        return out;
    }

    private boolean hasPointIn(SeriesKey key, long fromMs, long toMs) {
        PointRing ring = rings.get(key);
        synchronized (ring) {
            return !ring.between(fromMs, toMs).isEmpty();
        }
    }

    private List<SeriesKey> matching(String metric, Map<String, String> matchers) {
        Set<SeriesKey> all = seriesByMetric.getOrDefault(metric, Set.of());
        List<SeriesKey> out = new ArrayList<>(all.size());
        for (SeriesKey key : all) {
            if (key.matches(matchers)) {
                out.add(key);
            }
        }
        return out;
    }

    @Override
    public void close() {
        rings.clear();
        seriesByMetric.clear();
    }
}
