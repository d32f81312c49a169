package dta.observatory.client.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.GetRuleRequest;
import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleState;
import dta.observatory.api.v1.RuleType;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.UpdateRuleRequest;
import dta.observatory.api.v1.WatcherServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's AutoWatcher against an in-process watcher service (the real one is in e2e-tests). */
class AutoWatcherTest {

    private final Map<String, RuleView> rules = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new WatcherServiceGrpc.WatcherServiceImplBase() {
                    @Override
                    public void createRule(CreateRuleRequest request, StreamObserver<RuleView> reply) {
                        calls.add("create");
                        if (rules.containsKey(request.getRule().getId())) {
                            reply.onError(Status.ALREADY_EXISTS.asRuntimeException());
                            return;
                        }
                        RuleView view = RuleView.newBuilder().setRule(request.getRule()).build();
                        rules.put(request.getRule().getId(), view);
                        reply.onNext(view);
                        reply.onCompleted();
                    }

                    @Override
                    public void updateRule(UpdateRuleRequest request, StreamObserver<RuleView> reply) {
                        calls.add("update");
                        RuleView view = rules.get(request.getRule().getId()).toBuilder().setRule(request.getRule())
                                .build();
                        rules.put(request.getRule().getId(), view);
                        reply.onNext(view);
                        reply.onCompleted();
                    }

                    @Override
                    public void getRule(GetRuleRequest request, StreamObserver<RuleView> reply) {
                        reply.onNext(rules.get(request.getId()));
                        reply.onCompleted();
                    }
                }).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void readsLikeTheSeedAndBuildsAnAutoWatcherRule() {
        Rule rule = AutoWatcher.on("svc.latency_ms").sensitivity(2.5).direction("up").onFire(v -> { }).rule();
        assertThat(rule.getType()).isEqualTo(RuleType.RULE_TYPE_AUTO);
        assertThat(rule.getId()).isEqualTo("auto-svc.latency_ms");
        assertThat(rule.getMetric()).isEqualTo("svc.latency_ms");
        assertThat(rule.getAuto().getSensitivity()).isEqualTo(2.5);
        assertThat(rule.getAuto().getDirection()).isEqualTo("up");
        assertThat(rule.getAuto().getSeasonalityList()).as("rolling baseline unless asked").isEmpty();
    }

    @Test
    void aSeasonalBaselineIsAskedForWithSeasonal() {
        Rule rule = AutoWatcher.on("http.requests").seasonal("daily", "weekly").rule();
        assertThat(rule.getAuto().getSeasonalityList()).containsExactly("daily", "weekly");
        assertThat(AutoWatcher.on("http.requests").seasonal("weekly").seasonal("daily").rule().getAuto()
                .getSeasonalityList()).as("the last call wins").containsExactly("daily");
    }

    @Test
    void callsOnFireOncePerNotificationWithTheValue() {
        List<Double> fired = new CopyOnWriteArrayList<>();
        AutoWatcher spec = AutoWatcher.on("svc.latency_ms").sensitivity(2.5).onFire(fired::add);
        AutoWatcher.Poller poller = new AutoWatcher.Poller(WatcherServiceGrpc.newBlockingStub(channel), spec,
                Duration.ofSeconds(2));
        assertThat(poller.pollOnce()).isFalse();

        setState(RuleState.RULE_STATE_FIRING, 950, 5_000);
        assertThat(poller.pollOnce()).isTrue();
        assertThat(poller.pollOnce()).as("the same notification is reported once").isFalse();
        setState(RuleState.RULE_STATE_FIRING, 990, 305_000);
        assertThat(poller.pollOnce()).isTrue();
        assertThat(fired).containsExactly(950.0, 990.0);
    }

    @Test
    void reRunningAProgramReplacesItsRuleInsteadOfFailing() {
        WatcherServiceGrpc.WatcherServiceBlockingStub stub = WatcherServiceGrpc.newBlockingStub(channel);
        new AutoWatcher.Poller(stub, AutoWatcher.on("svc.latency_ms"), Duration.ofSeconds(2));
        new AutoWatcher.Poller(stub, AutoWatcher.on("svc.latency_ms").sensitivity(4), Duration.ofSeconds(2));
        assertThat(calls).containsExactly("create", "create", "update");
        assertThat(rules.get("auto-svc.latency_ms").getRule().getAuto().getSensitivity()).isEqualTo(4);
    }

    private void setState(RuleState state, double value, long notifiedMs) {
        rules.computeIfPresent("auto-svc.latency_ms", (k, v) -> v.toBuilder().setState(state).setLastValue(value)
                .setLastNotifiedMs(notifiedMs).build());
    }
}
