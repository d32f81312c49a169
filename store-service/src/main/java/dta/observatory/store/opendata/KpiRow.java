package dta.observatory.store.opendata;

import java.util.Map;

/**
 * One published number: a period, the group (values of the allowlisted breakdown labels only, in the KPI's
 * order) and the value, or no value and {@code suppressed=true} when the group is smaller than k.
 */
public record KpiRow(long periodStartMs, long periodEndMs, Map<String, String> group, Double value,
        boolean suppressed) {
}
