package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.RuleEvaluator;
import dta.observatory.watcher.rules.RuleState;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.ThresholdRule;
import dta.observatory.watcher.rules.Window;
import java.util.function.LongSupplier;

/**
 * One pass of the seed's watch loop over every rule: read the window, judge it, report a firing. A rule whose data
 * cannot be read, or whose alert cannot be handed over, is marked and tried again next cycle; it never stops the
 * others.
 */
public final class EvaluationCycle {

    /** What one cycle did, for metrics and logs. */
    public record Summary(int evaluated, int firing, int notified, int errors) {
    }

    private final RuleBook rules;
    private final SliceSource source;
    private final AlertSink sink;
    private final LongSupplier clock;

    public EvaluationCycle(RuleBook rules, SliceSource source, AlertSink sink, LongSupplier clock) {
        this.rules = rules;
        this.source = source;
        this.sink = sink;
        this.clock = clock;
    }

    public Summary run() {
        int evaluated = 0;
        int firing = 0;
        int notified = 0;
        int errors = 0;
        for (RuleBook.Entry entry : rules.all()) {
            ThresholdRule rule = entry.rule();
            long now = clock.getAsLong();
            RuleStatus next;
            try {
                Window window = source.lastValues(rule.metric(), rule.matchers(), rule.windowPoints());
                RuleEvaluator.Verdict verdict = RuleEvaluator.evaluate(rule, window, entry.status(), now);
                next = verdict.status();
                if (verdict.sendAlert()) {
                    try {
                        sink.firing(rule, next);
                        notified++;
                    } catch (RuntimeException e) {
                        // Not handed over: keep the old notification time so the next cycle tries again.
                        next = new RuleStatus(RuleState.ERROR, next.value(), now, entry.status().lastNotifiedMs(),
                                "alert service did not take the alert: " + e.getMessage());
                        errors++;
                    }
                }
            } catch (RuntimeException e) {
                next = new RuleStatus(RuleState.ERROR, Double.NaN, now, entry.status().lastNotifiedMs(),
                        "store could not be read: " + e.getMessage());
                errors++;
            }
            if (next.state() == RuleState.FIRING) {
                firing++;
            }
            evaluated++;
            rules.update(rule.id(), next);
        }
        return new Summary(evaluated, firing, notified, errors);
    }
}
