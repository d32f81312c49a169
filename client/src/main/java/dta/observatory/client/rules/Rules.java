package dta.observatory.client.rules;

import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.DeleteRuleRequest;
import dta.observatory.api.v1.GetRuleRequest;
import dta.observatory.api.v1.ListRulesRequest;
import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.WatcherServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Server-side rules: evaluated by the watcher service every cycle whether or not this process runs, and delivered
 * through the alert service's channels. Errors surface as {@link io.grpc.StatusRuntimeException}
 * (INVALID_ARGUMENT naming the bad field, NOT_FOUND, ALREADY_EXISTS).
 */
public final class Rules {

    private final WatcherServiceGrpc.WatcherServiceBlockingStub watcher;
    private final Duration callTimeout;

    public Rules(WatcherServiceGrpc.WatcherServiceBlockingStub watcher, Duration callTimeout) {
        this.watcher = watcher;
        this.callTimeout = callTimeout;
    }

    /** Starts a threshold rule on {@code metric}, e.g. {@code Rules.threshold("permit.pay.ok").lastValues(100)...}. */
    public static ThresholdRuleBuilder threshold(String metric) {
        return new ThresholdRuleBuilder(metric);
    }

    public RuleView create(Rule rule) {
        return stub().createRule(CreateRuleRequest.newBuilder().setRule(rule).build());
    }

    public RuleView create(ThresholdRuleBuilder rule) {
        return create(rule.build());
    }

    public RuleView get(String id) {
        return stub().getRule(GetRuleRequest.newBuilder().setId(id).build());
    }

    public List<RuleView> list() {
        return stub().listRules(ListRulesRequest.getDefaultInstance()).getRulesList();
    }

    /** @return true if a rule was deleted */
    public boolean delete(String id) {
        return stub().deleteRule(DeleteRuleRequest.newBuilder().setId(id).build()).getDeleted();
    }

    private WatcherServiceGrpc.WatcherServiceBlockingStub stub() {
        return watcher.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
