package dta.observatory.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a rendered set of NetworkPolicies the way the Kubernetes NetworkPolicy API defines them: a pod selected by
 * no policy of a direction is open in that direction; a selected pod accepts only what some rule allows; a flow needs
 * the source's egress and the destination's ingress. Named ports resolve against the destination pod's containers.
 */
final class NetworkFlows {

    /** One end of a flow: a pod (namespace, its labels, its container ports) or an address outside the cluster. */
    record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
                    List<ContainerPort> ports, String ip) {

        static Endpoint pod(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
            return new Endpoint(namespace, withName(namespace, namespaceLabels), podLabels, List.of(), null);
        }

        static Endpoint workload(String namespace, PodTemplateSpec template) {
            List<ContainerPort> ports = template.getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).toList();
            return new Endpoint(namespace, withName(namespace, Map.of()), template.getMetadata().getLabels(), ports, null);
        }

        static Endpoint external(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), List.of(), ip);
        }

        boolean isPod() {
            return ip == null;
        }

        private static Map<String, String> withName(String namespace, Map<String, String> labels) {
            var all = new java.util.HashMap<>(labels);
            all.put("kubernetes.io/metadata.name", namespace);
            return Map.copyOf(all);
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    NetworkFlows(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    /** Whether {@code from} may open a connection to {@code to} on {@code port}/{@code protocol}. */
    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!governed(to)) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> peersMatch(rule.getFrom(), from) && portsMatch(rule.getPorts(), to, port, protocol));
    }

    private boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!governed(from)) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> peersMatch(rule.getTo(), to) && portsMatch(rule.getPorts(), to, port, protocol));
    }

    /** Only pods of this namespace are subject to these policies; other namespaces have their own. */
    private boolean governed(Endpoint endpoint) {
        return endpoint.isPod() && namespace.equals(endpoint.namespace());
    }

    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> Rendered.matches(p.getSpec().getPodSelector(), pod.podLabels()))
                .filter(p -> policyTypes(p).contains(direction))
                .toList();
    }

    static List<String> policyTypes(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint endpoint) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> peerMatches(peer, endpoint));
    }

    private boolean peerMatches(NetworkPolicyPeer peer, Endpoint endpoint) {
        if (peer.getIpBlock() != null) {
            return !endpoint.isPod() && inBlock(peer.getIpBlock(), endpoint.ip());
        }
        if (!endpoint.isPod()) {
            return false;
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null
                ? namespace.equals(endpoint.namespace())
                : Rendered.matches(peer.getNamespaceSelector(), endpoint.namespaceLabels());
        boolean podOk = peer.getPodSelector() == null || Rendered.matches(peer.getPodSelector(), endpoint.podLabels());
        return namespaceOk && podOk;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            if (!Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)) {
                continue;
            }
            if (p.getPort() == null) {
                return true;
            }
            Integer number = resolve(p.getPort(), to);
            if (number == null) {
                continue;
            }
            int end = p.getEndPort() == null ? number : p.getEndPort();
            if (port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    /** A policy port as a number: named ports are the destination pod's container port of that name. */
    private static Integer resolve(IntOrString port, Endpoint to) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return to.ports().stream().filter(c -> port.getStrVal().equals(c.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    static boolean inBlock(IPBlock block, String ip) {
        return inCidr(block.getCidr(), ip)
                && (block.getExcept() == null || block.getExcept().stream().noneMatch(e -> inCidr(e, ip)));
    }

    private static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        BigInteger network = address(parts[0]);
        BigInteger candidate = address(ip);
        int width = parts[0].contains(":") ? 128 : 32;
        if (ip.contains(":") != parts[0].contains(":")) {
            return false;
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE));
        return network.and(mask).equals(candidate.and(mask));
    }

    private static BigInteger address(String literal) {
        try {
            return new BigInteger(1, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }
}
