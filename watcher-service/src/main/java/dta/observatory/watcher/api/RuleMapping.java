package dta.observatory.watcher.api;

import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleView;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.ThresholdRule;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** Translates rules between the dta.v1 messages and {@link ThresholdRule}; shared by gRPC and REST. */
final class RuleMapping {

    private RuleMapping() {
    }

    /** An id for a rule created without one. */
    static String newId() {
        return "rule-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ThresholdRule fromProto(Rule r) {
        return new ThresholdRule(r.getId().isEmpty() ? newId() : r.getId(), r.getMetric(), r.getMatchersMap(),
                r.getWindowPoints(), aggregate(r.getAggregate()), comparator(r.getComparator()), r.getThreshold(),
                Duration.ofSeconds(r.getMinIntervalSeconds()), r.getChannelsList(), r.getSeverity(), r.getSummary());
    }

    static Rule toProto(ThresholdRule r) {
        return Rule.newBuilder().setId(r.id()).setMetric(r.metric()).putAllMatchers(r.matchers())
                .setWindowPoints(r.windowPoints())
                .setAggregate(dta.observatory.api.v1.Aggregate.valueOf("AGGREGATE_" + r.aggregate().name()))
                .setComparator(dta.observatory.api.v1.Comparator.valueOf("COMPARATOR_" + r.comparator().name()))
                .setThreshold(r.threshold()).setMinIntervalSeconds(r.minInterval().toSeconds())
                .addAllChannels(r.channels()).setSeverity(r.severity()).setSummary(r.summary()).build();
    }

    static RuleView toView(RuleBook.Entry e) {
        double value = e.status().value();
        return RuleView.newBuilder().setRule(toProto(e.rule())).setState(state(e.status().state()))
                .setLastValue(Double.isNaN(value) ? 0 : value).setLastEvaluatedMs(e.status().lastEvaluatedMs())
                .setLastNotifiedMs(e.status().lastNotifiedMs()).setDetail(e.status().detail()).build();
    }

    private static dta.observatory.api.v1.RuleState state(RuleState s) {
        return switch (s) {
            case PENDING_FIRST_EVALUATION -> dta.observatory.api.v1.RuleState.RULE_STATE_UNSPECIFIED;
            case OK -> dta.observatory.api.v1.RuleState.RULE_STATE_OK;
            case FIRING -> dta.observatory.api.v1.RuleState.RULE_STATE_FIRING;
            case NO_DATA -> dta.observatory.api.v1.RuleState.RULE_STATE_NO_DATA;
            case ERROR -> dta.observatory.api.v1.RuleState.RULE_STATE_ERROR;
        };
    }

    private static Aggregate aggregate(dta.observatory.api.v1.Aggregate a) {
        if (a == dta.observatory.api.v1.Aggregate.AGGREGATE_UNSPECIFIED || a == dta.observatory.api.v1.Aggregate.UNRECOGNIZED) {
            return null; // ThresholdRule says it is required
        }
        return Aggregate.parse(a.name().substring("AGGREGATE_".length()).toLowerCase(Locale.ROOT));
    }

    private static Comparator comparator(dta.observatory.api.v1.Comparator c) {
        if (c == dta.observatory.api.v1.Comparator.COMPARATOR_UNSPECIFIED
                || c == dta.observatory.api.v1.Comparator.UNRECOGNIZED) {
            return null;
        }
        return Comparator.parse(c.name().substring("COMPARATOR_".length()));
    }
}
