package dta.observatory.store.storage;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Identity of a series: a metric name plus its label set. Labels are kept sorted so that two keys built from the
 * same labels in any order are equal and print the same way.
 *
 * <p>Immutable and compact: the labels are one array of sorted name/value pairs and the hash is computed once. The
 * engine keeps one key per series for as long as the series lives and looks every appended sample's key up in a
 * hash map, so a tree map per key (about 250 bytes for three labels) and a hash that walks it on every lookup were
 * the largest fixed costs per series. {@link #labels()} builds a sorted map view on demand.
 */
public final class SeriesKey {

    private static final String[] NO_LABELS = new String[0];

    private final String metric;
    /** name0, value0, name1, value1, …, sorted by name. */
    private final String[] pairs;
    private final int hash;

    public SeriesKey(String metric, SortedMap<String, String> labels) {
        this(metric, toPairs(labels == null ? Map.of() : labels));
    }

    private SeriesKey(String metric, String[] pairs) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.pairs = pairs;
        this.hash = 31 * metric.hashCode() + Arrays.hashCode(pairs);
    }

    public static SeriesKey of(String metric, Map<String, String> labels) {
        return new SeriesKey(metric, toPairs(labels == null ? Map.of() : labels));
    }

    private static String[] toPairs(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return NO_LABELS;
        }
        String[] names = labels.keySet().toArray(new String[0]);
        if (!(labels instanceof SortedMap<String, String> sorted && sorted.comparator() == null)) {
            Arrays.sort(names);
        }
        String[] out = new String[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            out[2 * i] = Objects.requireNonNull(names[i], "label name");
            out[2 * i + 1] = Objects.requireNonNull(labels.get(names[i]), "label value");
        }
        return out;
    }

    public String metric() {
        return metric;
    }

    /** The labels as an unmodifiable sorted map, built on each call (keep it if you need it twice). */
    public SortedMap<String, String> labels() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableSortedMap(m);
    }

    public int labelCount() {
        return pairs.length / 2;
    }

    public String labelName(int i) {
        return pairs[2 * i];
    }

    public String labelValue(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of label {@code name}, or null. */
    public String label(String name) {
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c == 0) {
                return pairs[2 * mid + 1];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /**
     * An equal key of its own whose metric and label names are the strings {@code intern} gives back: the engine
     * shares one copy of each name among all its series (values, often unique per series, are kept as they are).
     */
    public SeriesKey withSharedNames(UnaryOperator<String> intern) {
        String[] p = pairs.length == 0 ? NO_LABELS : new String[pairs.length];
        for (int i = 0; i < pairs.length; i += 2) {
            p[i] = intern.apply(pairs[i]);
            p[i + 1] = pairs[i + 1];
        }
        return new SeriesKey(intern.apply(metric), p);
    }

    /** True when every matcher names a label this series has with exactly that value. */
    public boolean matches(Map<String, String> matchers) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(label(m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The labels as {@code {a=1, b=2}}, as a sorted map prints them; {@code {}} without labels. */
    public String labelsString() {
        StringBuilder b = new StringBuilder().append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(pairs[i]).append('=').append(pairs[i + 1]);
        }
        return b.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof SeriesKey other && hash == other.hash && metric.equals(other.metric)
                && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return pairs.length == 0 ? metric : metric + labelsString();
    }
}
