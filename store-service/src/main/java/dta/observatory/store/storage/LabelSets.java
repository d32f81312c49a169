package dta.observatory.store.storage;

import java.util.List;
import java.util.TreeSet;

/**
 * Label names and values of a set of series, answered the same way by every engine: sorted, each once, with
 * {@link LabelQuery#NAME_LABEL} standing for the metric name as Prometheus' label API does.
 */
public final class LabelSets {

    private final TreeSet<String> names = new TreeSet<>();
    private final TreeSet<String> values = new TreeSet<>();
    private final String label;

    /** @param label the label whose values are collected, or null when only names are wanted */
    public LabelSets(String label) {
        this.label = label;
    }

    public void add(SeriesKey key) {
        names.add(LabelQuery.NAME_LABEL);
        for (int i = 0; i < key.labelCount(); i++) {
            names.add(key.labelName(i));
        }
        if (label != null) {
            String v = LabelQuery.NAME_LABEL.equals(label) ? key.metric() : key.label(label);
            if (v != null) {
                values.add(v);
            }
        }
    }

    /** Adds names and values already collected elsewhere (another shard's answer to the same question). */
    public void addAll(List<String> otherNames, List<String> otherValues) {
        names.addAll(otherNames);
        if (label != null) {
            values.addAll(otherValues);
        }
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public List<String> values() {
        return List.copyOf(values);
    }
}
