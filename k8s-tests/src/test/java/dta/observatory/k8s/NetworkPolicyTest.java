package dta.observatory.k8s;

import dta.observatory.k8s.NetworkFlows.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NetworkPolicies: default deny, then exactly the observatory's flows. Each rendered set of policies is evaluated
 * against concrete flows (the ones the system needs must pass, look-alikes must not), and read for rules that would
 * open a pod to everyone by accident.
 */
class NetworkPolicyTest {

    static Stream<Rendered> kustomizations() {
        return Rendered.everyKustomization();
    }

    /** The endpoints of one rendered kustomization: our four workloads and the peers around them. */
    record World(Rendered r, NetworkFlows flows, Map<String, Endpoint> pods) {
        static World of(Rendered r) {
            String ns = r.namespace();
            Map<String, Endpoint> pods = new java.util.LinkedHashMap<>();
            r.podTemplates().forEach((name, template) -> pods.put(name, Endpoint.workload(ns, template)));
            return new World(r, new NetworkFlows(ns, r.all(NetworkPolicy.class)), pods);
        }

        Endpoint pod(String module) {
            return pods.get(module);
        }

        int port(String module) {
            return ServiceConfig.load(Rendered.repoRoot(), module).httpPort();
        }

        boolean tcp(Endpoint from, String to) {
            return flows.allows(from, pod(to), port(to), "TCP");
        }

        String ns() {
            return r.namespace();
        }
    }

    static final Endpoint EMITTER = Endpoint.pod("shop", Map.of("dta-observatory.io/emitter", "true"),
            Map.of("app", "checkout"));
    static final Endpoint READER_ELSEWHERE = Endpoint.pod("grafana", Map.of("dta-observatory.io/store-reader", "true"),
            Map.of("app.kubernetes.io/name", "grafana"));
    static final Endpoint RULE_MANAGER = Endpoint.pod("shop", Map.of("dta-observatory.io/rule-manager", "true"),
            Map.of("app", "checkout"));
    static final Endpoint PROMETHEUS = Endpoint.pod("monitoring", Map.of(),
            Map.of("app.kubernetes.io/name", "prometheus"));
    static final Endpoint KUBE_DNS = Endpoint.pod("kube-system", Map.of(), Map.of("k8s-app", "kube-dns"));
    static final Endpoint STRANGER = Endpoint.pod("elsewhere", Map.of(), Map.of("app", "curious"));
    static final Endpoint FAKE_PROMETHEUS = Endpoint.pod("elsewhere", Map.of(),
            Map.of("app.kubernetes.io/name", "prometheus"));
    static final Endpoint WEBHOOK = Endpoint.external("203.0.113.10");
    static final Endpoint INTERNAL = Endpoint.external("10.1.2.3");

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theSystemsFlowsAreAllowed(Rendered r) {
        World w = World.of(r);
        Endpoint localReader = Endpoint.pod(w.ns(), Map.of(), Map.of("dta-observatory.io/store-reader", "true"));
        // gRPC (and REST) flows of the observatory, on each service's one port.
        assertThat(w.tcp(EMITTER, "ingest-service")).as("%s: mesh -> ingest", r).isTrue();
        assertThat(w.tcp(w.pod("ingest-service"), "store-service")).as("%s: ingest -> store", r).isTrue();
        assertThat(w.tcp(w.pod("watcher-service"), "store-service")).as("%s: watcher -> store", r).isTrue();
        assertThat(w.tcp(w.pod("watcher-service"), "alert-service")).as("%s: watcher -> alert", r).isTrue();
        assertThat(w.tcp(w.pod("store-service"), "alert-service")).as("%s: store -> alert (disk quota)", r).isTrue();
        assertThat(w.tcp(READER_ELSEWHERE, "store-service")).as("%s: reader namespace -> store", r).isTrue();
        assertThat(w.tcp(localReader, "store-service")).as("%s: labelled reader pod -> store", r).isTrue();
        assertThat(w.flows().allows(w.pod("alert-service"), WEBHOOK, 443, "TCP")).as("%s: alert -> webhook", r).isTrue();
        assertThat(w.tcp(RULE_MANAGER, "watcher-service")).as("%s: SDK rules() -> watcher", r).isTrue();
        for (String module : ServiceConfig.MODULES) {
            assertThat(w.tcp(PROMETHEUS, module)).as("%s: prometheus scrapes %s", r, module).isTrue();
            assertThat(w.flows().allows(w.pod(module), KUBE_DNS, 53, "UDP")).as("%s: %s -> DNS/UDP", r, module).isTrue();
            assertThat(w.flows().allows(w.pod(module), KUBE_DNS, 53, "TCP")).as("%s: %s -> DNS/TCP", r, module).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everythingElseIsDenied(Rendered r) {
        World w = World.of(r);
        Endpoint neighbour = Endpoint.pod(w.ns(), Map.of(), Map.of("app", "neighbour"));
        for (String module : ServiceConfig.MODULES) {
            assertThat(w.tcp(STRANGER, module)).as("%s: unlabelled namespace -> %s", r, module).isFalse();
            assertThat(w.tcp(FAKE_PROMETHEUS, module)).as("%s: a 'prometheus' outside monitoring -> %s", r, module)
                    .isFalse();
            assertThat(w.tcp(neighbour, module)).as("%s: unlabelled pod in the namespace -> %s", r, module).isFalse();
            assertThat(w.flows().allows(WEBHOOK, w.pod(module), w.port(module), "TCP"))
                    .as("%s: outside address -> %s", r, module).isFalse();
            assertThat(w.flows().allows(w.pod(module), KUBE_DNS, 8080, "TCP")).as("%s: %s -> kube-dns:8080", r, module)
                    .isFalse();
            assertThat(w.flows().allows(w.pod(module), STRANGER, 8080, "TCP")).as("%s: %s -> other pods", r, module)
                    .isFalse();
            if (!module.equals("alert-service")) {
                assertThat(w.flows().allows(w.pod(module), WEBHOOK, 443, "TCP")).as("%s: %s -> internet", r, module)
                        .isFalse();
            }
        }
        List<String[]> forbidden = List.of(
                new String[] {"ingest-service", "alert-service"}, new String[] {"ingest-service", "watcher-service"},
                new String[] {"store-service", "ingest-service"}, new String[] {"store-service", "watcher-service"},
                new String[] {"alert-service", "store-service"}, new String[] {"alert-service", "watcher-service"},
                new String[] {"watcher-service", "ingest-service"}, new String[] {"ingest-service", "ingest-service"});
        for (String[] pair : forbidden) {
            assertThat(w.tcp(w.pod(pair[0]), pair[1])).as("%s: %s -> %s", r, pair[0], pair[1]).isFalse();
        }
        assertThat(w.tcp(EMITTER, "store-service")).as("%s: emitters write through ingest only", r).isFalse();
        assertThat(w.tcp(EMITTER, "alert-service")).as("%s: emitter -> alert", r).isFalse();
        assertThat(w.tcp(EMITTER, "watcher-service")).as("%s: emitter without rule-manager -> watcher", r).isFalse();
        assertThat(w.tcp(RULE_MANAGER, "store-service")).as("%s: rule-manager -> store", r).isFalse();
        assertThat(w.tcp(READER_ELSEWHERE, "ingest-service")).as("%s: reader -> ingest", r).isFalse();
        assertThat(w.flows().allows(w.pod("alert-service"), INTERNAL, 443, "TCP")).as("%s: alert -> 10/8", r).isFalse();
        assertThat(w.flows().allows(w.pod("alert-service"), WEBHOOK, 80, "TCP")).as("%s: alert -> :80", r).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void thereIsADefaultDenyAndNoRuleOpensAPodToEveryone(Rendered r) {
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        assertThat(policies).as("%s: a default-deny policy", r).anySatisfy(p -> {
            assertThat(Rendered.isEmpty(p.getSpec().getPodSelector())).isTrue();
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        });
        List<String> problems = new ArrayList<>();
        for (NetworkPolicy p : policies) {
            String name = p.getMetadata().getName();
            if (p.getSpec().getPolicyTypes() == null || p.getSpec().getPolicyTypes().isEmpty()) {
                problems.add(name + ": policyTypes implicit");
            }
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    problems.add(name + ": an ingress rule without `from` admits every source");
                }
                if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
                    problems.add(name + ": an ingress rule without ports opens every port");
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    if (peer.getIpBlock() != null) {
                        problems.add(name + ": ingress from an ipBlock");
                    }
                    if (Rendered.isEmpty(peer.getNamespaceSelector())
                            && (peer.getPodSelector() == null || Rendered.isEmpty(peer.getPodSelector()))) {
                        problems.add(name + ": ingress from every pod of every namespace");
                    }
                    if (peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                            && Rendered.isEmpty(peer.getPodSelector())) {
                        problems.add(name + ": ingress from every pod of the namespace");
                    }
                }
            }
            for (NetworkPolicyEgressRule rule : p.getSpec().getEgress()) {
                if (rule.getTo() == null || rule.getTo().isEmpty()) {
                    problems.add(name + ": an egress rule without `to` reaches everything");
                }
                if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
                    problems.add(name + ": an egress rule without ports opens every port");
                }
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    boolean alertOnly = Rendered.matches(p.getSpec().getPodSelector(),
                            Map.of("app.kubernetes.io/name", "alert-service"))
                            && !Rendered.isEmpty(p.getSpec().getPodSelector())
                            && p.getSpec().getPodSelector().getMatchLabels().containsKey("app.kubernetes.io/name");
                    boolean apiClients = selectsOnlyKubeApiClients(p, r);
                    if (peer.getIpBlock() != null && !alertOnly && !apiClients) {
                        problems.add(name + ": egress to addresses outside the cluster from more than alert-service "
                                + "(and the operators' pods that reach the Kubernetes API)");
                    }
                    if (peer.getIpBlock() != null && apiClients) {
                        if (rule.getPorts() == null || !rule.getPorts().stream().allMatch(port -> port.getPort() != null
                                && KUBE_API_PORTS.contains(port.getPort().getIntVal()))) {
                            problems.add(name + ": the Kubernetes API clients' egress opens more than ports "
                                    + KUBE_API_PORTS);
                        }
                        if (NetworkFlows.inBlock(peer.getIpBlock(), WEBHOOK.ip())) {
                            problems.add(name + ": the Kubernetes API clients' egress reaches public addresses");
                        }
                    }
                    if (peer.getIpBlock() != null && alertOnly
                            && NetworkFlows.inBlock(peer.getIpBlock(), "10.0.0.1")) {
                        problems.add(name + ": alert egress reaches cluster-internal 10.0.0.0/8");
                    }
                }
            }
        }
        assertThat(problems).as("%s: policies that open more than intended", r).isEmpty();
    }

    /** The label the operators' pods that watch the Kubernetes API carry (overlays/cluster) and our services don't. */
    static final String KUBE_API_CLIENT = "dta-observatory.io/kube-api-client";
    static final List<Integer> KUBE_API_PORTS = List.of(443, 6443);

    /** Whether a policy selects by the API-client label alone, and none of the observatory's own pods carries it. */
    static boolean selectsOnlyKubeApiClients(NetworkPolicy p, Rendered r) {
        var selector = p.getSpec().getPodSelector();
        boolean byLabel = selector != null && selector.getMatchExpressions().isEmpty()
                && Map.of(KUBE_API_CLIENT, "true").equals(selector.getMatchLabels());
        return byLabel && r.podTemplates().values().stream()
                .noneMatch(t -> Rendered.matches(selector, t.getMetadata().getLabels()));
    }
}
