package dta.observatory.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One rendered kustomization (base or an overlay) and look-ups over its objects. */
record Rendered(String name, List<HasMetadata> objects) {

    /** The kustomizations CI renders: the base, and every overlay (prod-mesh carries the optional components, cluster
     * the operators' custom resources). */
    static final List<String> KUSTOMIZATIONS =
            List.of("base", "overlays/dev", "overlays/prod", "overlays/prod-mesh", "overlays/cluster");

    static Path repoRoot() {
        return Path.of(System.getProperty("dta.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** Every kustomization, rendered concurrently on first use (each kubectl run takes a second or more). */
    static java.util.stream.Stream<Rendered> everyKustomization() {
        KUSTOMIZATIONS.parallelStream().forEach(Rendered::of);
        return KUSTOMIZATIONS.stream().map(Rendered::of);
    }

    static Rendered of(String kustomization) {
        return new Rendered(kustomization, Kubectl.kustomize(repoRoot().resolve("k8s").resolve(kustomization)));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                this.name + ": no " + type.getSimpleName() + " named " + name));
    }

    /** Pod templates of every Deployment and StatefulSet, by workload name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    PodTemplateSpec podTemplate(String workload) {
        PodTemplateSpec template = podTemplates().get(workload);
        if (template == null) {
            throw new AssertionError(name + ": no Deployment or StatefulSet named " + workload);
        }
        return template;
    }

    Container container(String workload) {
        List<Container> containers = podTemplate(workload).getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(name + ": " + workload + " should run exactly one container, has " + containers.size());
        }
        return containers.get(0);
    }

    /**
     * The environment a container sees from literal values and ConfigMaps (envFrom and configMapKeyRef), by name;
     * variables from Secrets map to null (their values are not in the manifests, by design).
     */
    Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                ConfigMap map = get(ConfigMap.class, source.getConfigMapRef().getName());
                String prefix = Objects.requireNonNullElse(source.getPrefix(), "");
                Objects.requireNonNullElse(map.getData(), Map.<String, String>of()).forEach((k, v) -> env.put(prefix + k, v));
            } else {
                throw new AssertionError(name + ": " + container.getName()
                        + " takes a whole Secret as env; reference single keys instead");
            }
        }
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                env.put(var.getName(), get(ConfigMap.class, ref.getName()).getData().get(ref.getKey()));
            } else {
                env.put(var.getName(), null);
            }
        }
        return env;
    }

    /** Whether a label selector (matchLabels and matchExpressions) selects the given labels. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = have.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> have.containsKey(r.getKey());
                    case "DoesNotExist" -> !have.containsKey(r.getKey());
                    default -> throw new AssertionError("unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a selector is empty, i.e. selects everything. */
    static boolean isEmpty(LabelSelector selector) {
        return selector != null
                && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    /** Whether a Service-style selector (plain labels) selects the given labels. */
    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /**
     * Names of the Secrets the operators of this kustomization's custom resources generate: CloudNativePG writes the
     * application role's credentials to {@code <cluster>-app} (keys username, password, ...).
     */
    java.util.Set<String> operatorGeneratedSecrets() {
        return all(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class).stream()
                .filter(o -> o.getApiVersion().startsWith("postgresql.cnpg.io/") && o.getKind().equals("Cluster"))
                .map(o -> o.getMetadata().getName() + "-app")
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The namespace the kustomization puts its objects in ("default" for the base, which sets none). */
    String namespace() {
        return objects.stream()
                .map(o -> o.getMetadata().getNamespace())
                .filter(Objects::nonNull)
                .findFirst().orElse("default");
    }

    @Override
    public String toString() {
        return name;
    }
}
