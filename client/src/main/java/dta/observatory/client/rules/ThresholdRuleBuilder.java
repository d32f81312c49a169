package dta.observatory.client.rules;

import dta.observatory.api.v1.Aggregate;
import dta.observatory.api.v1.Comparator;
import dta.observatory.api.v1.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads like the rule it builds: {@code threshold("permit.pay.ok").id("pay-ok").lastValues(100).avg().below(0.95)}.
 * The watcher validates the result; {@link Rules#create} reports what is wrong.
 */
public final class ThresholdRuleBuilder {

    private final Rule.Builder rule = Rule.newBuilder();

    ThresholdRuleBuilder(String metric) {
        rule.setMetric(metric);
    }

    public ThresholdRuleBuilder id(String id) {
        rule.setId(id);
        return this;
    }

    public ThresholdRuleBuilder matching(Map<String, String> labels) {
        rule.putAllMatchers(labels);
        return this;
    }

    /** The window: the last {@code n} values of the metric. */
    public ThresholdRuleBuilder lastValues(int n) {
        rule.setWindowPoints(n);
        return this;
    }

    public ThresholdRuleBuilder avg() {
        return aggregate(Aggregate.AGGREGATE_AVG);
    }

    public ThresholdRuleBuilder min() {
        return aggregate(Aggregate.AGGREGATE_MIN);
    }

    public ThresholdRuleBuilder max() {
        return aggregate(Aggregate.AGGREGATE_MAX);
    }

    public ThresholdRuleBuilder sum() {
        return aggregate(Aggregate.AGGREGATE_SUM);
    }

    public ThresholdRuleBuilder aggregate(Aggregate aggregate) {
        rule.setAggregate(aggregate);
        return this;
    }

    public ThresholdRuleBuilder below(double threshold) {
        return compare(Comparator.COMPARATOR_LT, threshold);
    }

    public ThresholdRuleBuilder above(double threshold) {
        return compare(Comparator.COMPARATOR_GT, threshold);
    }

    public ThresholdRuleBuilder compare(Comparator comparator, double threshold) {
        rule.setComparator(comparator).setThreshold(threshold);
        return this;
    }

    /** Least time between two notifications (default 300 s, the seed's {@code min_interval}). */
    public ThresholdRuleBuilder minInterval(Duration interval) {
        rule.setMinIntervalSeconds(interval.toSeconds());
        return this;
    }

    public ThresholdRuleBuilder channels(String... channels) {
        rule.clearChannels().addAllChannels(List.of(channels));
        return this;
    }

    public ThresholdRuleBuilder severity(String severity) {
        rule.setSeverity(severity);
        return this;
    }

    public ThresholdRuleBuilder summary(String summary) {
        rule.setSummary(summary);
        return this;
    }

    public Rule build() {
        return rule.build();
    }
}
