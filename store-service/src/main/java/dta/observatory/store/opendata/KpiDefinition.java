package dta.observatory.store.opendata;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One published KPI: what citizens see (name, title, description, unit) and how it is computed from a store metric
 * (matchers, aggregate, period, the only labels it may be broken down by, the minimum group size k, rounding).
 *
 * @param name public name, used in URLs: {@code [a-z0-9][a-z0-9-]*}
 * @param minGroupSize k: a group built from fewer samples (or series, see {@link GroupSizeBy}) is suppressed
 * @param decimals digits kept after the decimal point (half-even rounding)
 */
public record KpiDefinition(String name, String title, String description, String unit, String metric,
        Map<String, String> matchers, KpiAggregate aggregate, KpiPeriod period, List<String> breakdown,
        int minGroupSize, GroupSizeBy groupSizeBy, int decimals) {

    /** What k counts: raw samples (events) or distinct series in a group. */
    public enum GroupSizeBy { SAMPLES, SERIES }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public KpiDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("KPI name '" + name + "' must match [a-z0-9][a-z0-9-]{0,63}");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("KPI '" + name + "' needs a title");
        }
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("KPI '" + name + "' needs a source metric");
        }
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(groupSizeBy, "groupSizeBy");
        if (minGroupSize < 1) {
            throw new IllegalArgumentException("KPI '" + name + "': min group size k must be at least 1, got "
                    + minGroupSize);
        }
        if (decimals < 0 || decimals > 10) {
            throw new IllegalArgumentException("KPI '" + name + "': decimals must be between 0 and 10, got "
                    + decimals);
        }
        description = description == null ? "" : description;
        unit = unit == null ? "" : unit;
        matchers = Map.copyOf(matchers == null ? Map.of() : matchers);
        breakdown = List.copyOf(breakdown == null ? List.of() : breakdown);
        if (breakdown.stream().distinct().count() != breakdown.size()) {
            throw new IllegalArgumentException("KPI '" + name + "': breakdown labels repeat: " + breakdown);
        }
    }
}
