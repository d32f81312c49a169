package dta.observatory.store.storage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Identity of a series: a metric name plus its label set. Labels are kept sorted so that two keys built from the
 * same labels in any order are equal and print the same way.
 */
public record SeriesKey(String metric, SortedMap<String, String> labels) {

    public SeriesKey {
        Objects.requireNonNull(metric, "metric");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
    }

    public static SeriesKey of(String metric, Map<String, String> labels) {
        return new SeriesKey(metric, labels == null ? new TreeMap<>() : new TreeMap<>(labels));
    }

    /** True when every matcher names a label this series has with exactly that value. */
    public boolean matches(Map<String, String> matchers) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(labels.get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return labels.isEmpty() ? metric : metric + labels;
    }
}
