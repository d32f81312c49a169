package dta.observatory.client.rules;

import dta.observatory.api.v1.AutoWatch;
import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.GetRuleRequest;
import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleState;
import dta.observatory.api.v1.RuleType;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.UpdateRuleRequest;
import dta.observatory.api.v1.WatcherServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * The seed's section 8 in Java:
 * {@code obs.autoWatch(AutoWatcher.on("svc.latency_ms").sensitivity(2.5).onFire(v -> ...))}. The watcher service
 * does the watching (an AutoWatcher rule: median/MAD baseline by default, state kept across its restarts, alerts
 * through the alert service's channels); this process polls the rule and calls {@code onFire} with the value each
 * time the service notifies a firing (so at most once per {@code minInterval}, default 300 s).
 */
public final class AutoWatcher {

    private final Rule.Builder rule = Rule.newBuilder().setType(RuleType.RULE_TYPE_AUTO);
    private final AutoWatch.Builder auto = AutoWatch.newBuilder();
    private DoubleConsumer onFire = v -> { };

    private AutoWatcher(String metric) {
        rule.setMetric(metric).setId("auto-" + metric.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    /** Watches {@code metric}; the rule id defaults to {@code auto-<metric>} so re-running a program reuses it. */
    public static AutoWatcher on(String metric) {
        return new AutoWatcher(metric);
    }

    public AutoWatcher id(String id) {
        rule.setId(id);
        return this;
    }

    /** Standard deviations from the baseline that count as an anomaly (default 2.5). */
    public AutoWatcher sensitivity(double sigmas) {
        auto.setSensitivity(sigmas);
        return this;
    }

    /** "mad" (default, robust) or "zscore" (the seed's mean/σ). */
    public AutoWatcher method(String method) {
        auto.setMethod(method);
        return this;
    }

    /** "up", "down" or "both" (default). */
    public AutoWatcher direction(String direction) {
        auto.setDirection(direction);
        return this;
    }

    /**
     * Compares with the same time in earlier seasons rather than with the recent past: {@code "daily"},
     * {@code "weekly"}, a period such as {@code "12h"}, or several. A curve that repeats (traffic rising each
     * morning) then does not fire, a departure from it does. Until the store holds that history the service uses
     * the rolling baseline (the rule's {@code baseline_kind} says which).
     */
    public AutoWatcher seasonal(String... seasonality) {
        auto.clearSeasonality().addAllSeasonality(List.of(seasonality));
        return this;
    }

    /** The history the baseline is learnt from: the last {@code n} values (default 100). */
    public AutoWatcher window(int n) {
        rule.setWindowPoints(n);
        return this;
    }

    /** Silent until this many values are known (default 30). */
    public AutoWatcher minPoints(int n) {
        auto.setMinPoints(n);
        return this;
    }

    public AutoWatcher matching(Map<String, String> labels) {
        rule.putAllMatchers(labels);
        return this;
    }

    /** One baseline and one state per series (label set). */
    public AutoWatcher perSeries() {
        rule.setPerSeries(true);
        return this;
    }

    public AutoWatcher minInterval(Duration interval) {
        rule.setMinIntervalSeconds(interval.toSeconds());
        return this;
    }

    public AutoWatcher channels(String... channels) {
        rule.clearChannels().addAllChannels(List.of(channels));
        return this;
    }

    public AutoWatcher summary(String template) {
        rule.setSummary(template);
        return this;
    }

    /** Called in this process with the anomalous value each time the service notifies a firing. */
    public AutoWatcher onFire(DoubleConsumer callback) {
        this.onFire = callback;
        return this;
    }

    public Rule rule() {
        return rule.clone().setAuto(auto).build();
    }

    String id() {
        return rule.getId();
    }

    /** Creates the rule, or replaces the one with the same id (re-running a program does not pile up rules). */
    RuleView register(WatcherServiceGrpc.WatcherServiceBlockingStub watcher) {
        try {
            return watcher.createRule(CreateRuleRequest.newBuilder().setRule(rule()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
            return watcher.updateRule(UpdateRuleRequest.newBuilder().setRule(rule()).build());
        }
    }

    /** Polls the rule: one step of the client-side loop. */
    public static final class Poller implements Runnable {

        private final WatcherServiceGrpc.WatcherServiceBlockingStub watcher;
        private final AutoWatcher spec;
        private final Duration callTimeout;
        private long seenNotification;

        public Poller(WatcherServiceGrpc.WatcherServiceBlockingStub watcher, AutoWatcher spec, Duration callTimeout) {
            this.watcher = watcher;
            this.spec = spec;
            this.callTimeout = callTimeout;
            this.seenNotification = spec.register(stub()).getLastNotifiedMs();
        }

        private WatcherServiceGrpc.WatcherServiceBlockingStub stub() {
            return watcher.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** @return true when it called onFire */
        public boolean pollOnce() {
            RuleView view;
            try {
                view = stub().getRule(GetRuleRequest.newBuilder().setId(spec.id()).build());
            } catch (StatusRuntimeException e) {
                return false; // the watcher is away; the next poll tries again
            }
            boolean fresh = view.getState() == RuleState.RULE_STATE_FIRING
                    && view.getLastNotifiedMs() > seenNotification;
            if (fresh) {
                seenNotification = view.getLastNotifiedMs();
                spec.onFire.accept(view.getLastValue());
            }
            return fresh;
        }

        @Override
        public void run() {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                // a failing callback must not end the schedule
            }
        }
    }
}
