package dta.observatory.watcher.api;

import dta.observatory.api.v1.AutoWatch;
import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleType;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.SeriesState;
import dta.observatory.watcher.evaluation.RuleBook;
import dta.observatory.watcher.rules.Aggregate;
import dta.observatory.watcher.rules.Comparator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.Seasonality;
import dta.observatory.watcher.rules.Templates;
import dta.observatory.watcher.rules.WatchRule;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** Translates rules between the dta.v1 messages and {@link WatchRule}; shared by gRPC and REST. */
final class RuleMapping {

    private RuleMapping() {
    }

    /** An id for a rule created without one. */
    static String newId() {
        return "rule-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static WatchRule fromProto(Rule r) {
        return fromProto(r, r.getId().isEmpty() ? newId() : r.getId());
    }

    static WatchRule fromProto(Rule r, String id) {
        boolean auto = r.getType() == RuleType.RULE_TYPE_AUTO;
        for (String[] d : new String[][] {{"window_seconds", "" + r.getWindowSeconds()},
                {"for_seconds", "" + r.getForSeconds()}, {"keep_firing_for_seconds", "" + r.getKeepFiringForSeconds()},
                {"min_interval_seconds", "" + r.getMinIntervalSeconds()}}) {
            if (Long.parseLong(d[1]) < 0) {
                throw new IllegalArgumentException(d[0] + " must not be negative, got " + d[1]);
            }
        }
        if (r.getWindowPoints() < 0) {
            throw new IllegalArgumentException("window must not be negative, got " + r.getWindowPoints());
        }
        Aggregate aggregate = auto ? null : !r.getAggregateName().isBlank() ? Aggregate.parse(r.getAggregateName())
                : aggregate(r.getAggregate());
        dta.observatory.watcher.rules.AutoWatch autoWatch = auto ? new dta.observatory.watcher.rules.AutoWatch(
                r.getAuto().getSensitivity(),
                dta.observatory.watcher.rules.AutoWatch.Method.parse(r.getAuto().getMethod()),
                dta.observatory.watcher.rules.AutoWatch.Direction.parse(r.getAuto().getDirection()),
                r.getAuto().getMinPoints(), Seasonality.parse(r.getAuto().getSeasonalityList())) : null;
        if (!auto && !Seasonality.parse(r.getAuto().getSeasonalityList()).isEmpty()) {
            throw new IllegalArgumentException("seasonality applies to AutoWatchers (type auto) only");
        }
        return new WatchRule(id, auto ? WatchRule.Type.AUTO : WatchRule.Type.THRESHOLD, r.getMetric(),
                r.getMatchersMap(), r.getWindowPoints(), Duration.ofSeconds(r.getWindowSeconds()), aggregate,
                auto ? null : comparator(r.getComparator()), r.getThreshold(), autoWatch,
                Duration.ofSeconds(r.getForSeconds()), Duration.ofSeconds(r.getKeepFiringForSeconds()),
                Duration.ofSeconds(r.getMinIntervalSeconds()), r.getChannelsList(), r.getSeverity(), r.getSummary(),
                r.getDescription(), r.getPerSeries(), r.getAlertOnNoData());
    }

    static Rule toProto(WatchRule r, String source) {
        Rule.Builder b = Rule.newBuilder().setId(r.id()).setMetric(r.metric()).putAllMatchers(r.matchers())
                .setWindowPoints(r.windowPoints()).setWindowSeconds(r.windowDuration().toSeconds())
                .setThreshold(r.threshold()).setMinIntervalSeconds(r.minInterval().toSeconds())
                .addAllChannels(r.channels()).setSeverity(r.severity()).setSummary(r.summary())
                .setDescription(r.description()).setForSeconds(r.forDuration().toSeconds())
                .setKeepFiringForSeconds(r.keepFiringFor().toSeconds()).setPerSeries(r.perSeries())
                .setAlertOnNoData(r.alertOnNoData()).setSource(source);
        if (r.type() == WatchRule.Type.AUTO) {
            b.setType(RuleType.RULE_TYPE_AUTO).setAuto(AutoWatch.newBuilder().setSensitivity(r.auto().sensitivity())
                    .setMethod(r.auto().method().wireName()).setDirection(r.auto().direction().wireName())
                    .setMinPoints(r.auto().minPoints()).addAllSeasonality(Seasonality.names(r.auto().seasonality())));
        } else {
            b.setType(RuleType.RULE_TYPE_THRESHOLD).setAggregateName(r.aggregate().wireName())
                    .setComparator(dta.observatory.api.v1.Comparator.valueOf("COMPARATOR_" + r.comparator().name()));
            if (r.aggregate().ordinal() <= Aggregate.LAST.ordinal()) {
                b.setAggregate(dta.observatory.api.v1.Aggregate.valueOf("AGGREGATE_" + r.aggregate().name()));
            }
        }
        return b.build();
    }

    static RuleView toView(RuleBook.Entry e) {
        RuleStatus s = e.status();
        RuleView.Builder b = RuleView.newBuilder().setRule(toProto(e.rule(), e.source())).setState(state(s.state()))
                .setLastValue(finite(s.value())).setBaseline(finite(s.baseline())).setScore(finite(s.score()))
                .setActiveSinceMs(s.activeSinceMs()).setLastEvaluatedMs(s.lastEvaluatedMs())
                .setLastNotifiedMs(s.lastNotifiedMs()).setDetail(s.detail()).setBaselineKind(s.baselineKind())
                .setRenderedSummary(Templates.render(e.rule().summary(), e.rule(), e.rule().matchers(), s));
        if (e.rule().perSeries()) {
            for (RuleBook.SeriesStatus ss : e.seriesSorted()) {
                RuleStatus x = ss.status();
                b.addSeries(SeriesState.newBuilder().putAllLabels(ss.labels()).setState(state(x.state()))
                        .setValue(finite(x.value())).setBaseline(finite(x.baseline())).setScore(finite(x.score()))
                        .setActiveSinceMs(x.activeSinceMs()).setDetail(x.detail())
                        .setBaselineKind(x.baselineKind()));
            }
        }
        return b.build();
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static dta.observatory.api.v1.RuleState state(RuleState s) {
        return switch (s) {
            case PENDING_FIRST_EVALUATION -> dta.observatory.api.v1.RuleState.RULE_STATE_UNSPECIFIED;
            case INACTIVE -> dta.observatory.api.v1.RuleState.RULE_STATE_OK;
            case PENDING -> dta.observatory.api.v1.RuleState.RULE_STATE_PENDING;
            case FIRING -> dta.observatory.api.v1.RuleState.RULE_STATE_FIRING;
            case RESOLVED -> dta.observatory.api.v1.RuleState.RULE_STATE_RESOLVED;
            case NO_DATA -> dta.observatory.api.v1.RuleState.RULE_STATE_NO_DATA;
            case ERROR -> dta.observatory.api.v1.RuleState.RULE_STATE_ERROR;
        };
    }

    private static Aggregate aggregate(dta.observatory.api.v1.Aggregate a) {
        if (a == dta.observatory.api.v1.Aggregate.AGGREGATE_UNSPECIFIED || a == dta.observatory.api.v1.Aggregate.UNRECOGNIZED) {
            return null; // WatchRule says it is required
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
