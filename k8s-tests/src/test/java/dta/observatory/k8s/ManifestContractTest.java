package dta.observatory.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract of issue 7, checked on every rendered kustomization: what the manifests say about each service equals
 * what the service's own application.properties says (ports, names, config keys), and every workload is probed,
 * bounded, locked down and shut down gracefully.
 */
class ManifestContractTest {

    static final String IMAGE_GROUP = "dta-observatory/";
    static final Map<String, String> HEALTH = Map.of(
            "startup", "/q/health/started", "liveness", "/q/health/live", "readiness", "/q/health/ready");
    static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    static Stream<Rendered> kustomizations() {
        return Rendered.everyKustomization();
    }

    static ServiceConfig config(String module) {
        return ServiceConfig.load(Rendered.repoRoot(), module);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectParsesIntoItsTypedModelWithoutUnknownFields(Rendered r) {
        assertThat(r.objects()).isNotEmpty();
        for (HasMetadata object : r.objects()) {
            assertThat(ModelStrictness.unknownFields(object))
                    .as("%s: fields of %s/%s that Kubernetes would not know", r, object.getKind(), object.getMetadata().getName())
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void eachServiceRunsAsItsOwnWorkloadWithTheImageTheKustomizationSets(Rendered r) {
        String version = System.getProperty("dta.project.version", "0.1.0-SNAPSHOT");
        assertThat(r.get(StatefulSet.class, "store-service")).isNotNull();
        for (String module : ServiceConfig.MODULES) {
            ServiceConfig config = config(module);
            assertThat(config.applicationName()).isEqualTo(module);
            if (!module.equals("store-service")) {
                r.get(Deployment.class, module);
            }
            assertThat(r.container(module).getImage()).as("%s: image of %s", r, module)
                    .isEqualTo(IMAGE_GROUP + config.applicationName() + ":" + version);
        }
        assertThat(r.podTemplates()).containsOnlyKeys(ServiceConfig.MODULES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void containersListTheirHttpPortAndProbeTheHealthEndpointsOnIt(Rendered r) {
        for (String module : ServiceConfig.MODULES) {
            Container c = r.container(module);
            int port = config(module).httpPort();
            assertThat(c.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .as("%s: %s ports", r, module).containsExactly(org.assertj.core.groups.Tuple.tuple("http", port));
            Map<String, Probe> probes = Map.of("startup", c.getStartupProbe(),
                    "liveness", c.getLivenessProbe(), "readiness", c.getReadinessProbe());
            probes.forEach((kind, probe) -> {
                assertThat(probe).as("%s: %s %s probe", r, module, kind).isNotNull();
                assertThat(probe.getHttpGet()).as("%s: %s %s probe is an HTTP GET", r, module, kind).isNotNull();
                assertThat(probe.getHttpGet().getPath()).as("%s: %s %s path", r, module, kind).isEqualTo(HEALTH.get(kind));
                assertThat(containerPort(c, probe.getHttpGet().getPort())).as("%s: %s %s port", r, module, kind)
                        .isEqualTo(port);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void podsCarryPrometheusScrapeAnnotationsForTheirMetricsEndpoint(Rendered r) {
        for (String module : ServiceConfig.MODULES) {
            Map<String, String> annotations = r.podTemplate(module).getMetadata().getAnnotations();
            assertThat(annotations).as("%s: %s scrape annotations", r, module)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(config(module).httpPort()))
                    .containsEntry("prometheus.io/path", "/q/metrics");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyContainerHasRequestsLimitsAndARestrictedSecurityContext(Rendered r) {
        for (String module : ServiceConfig.MODULES) {
            PodSpec pod = r.podTemplate(module).getSpec();
            Container c = r.container(module);
            String what = r + ": " + module;

            var resources = c.getResources();
            assertThat(resources.getRequests()).as("%s requests", what).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as("%s limits", what).containsKeys("cpu", "memory");
            for (String resource : List.of("cpu", "memory")) {
                assertThat(Quantity.getAmountInBytes(resources.getRequests().get(resource)))
                        .as("%s %s request <= limit", what, resource)
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(resources.getLimits().get(resource)));
            }

            PodSecurityContext podContext = Objects.requireNonNullElse(pod.getSecurityContext(), new PodSecurityContext());
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc).as("%s securityContext", what).isNotNull();
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
            var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podContext.getSeccompProfile();
            assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
            assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", what).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", what).isFalse();
            assertThat(sc.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getCapabilities().getDrop()).as("%s capabilities.drop", what).contains("ALL");
            assertThat(sc.getCapabilities().getAdd()).as("%s capabilities.add", what).isNullOrEmpty();
            assertThat(seccomp).as("%s seccompProfile", what).isNotNull();
            assertThat(seccomp.getType()).as("%s seccompProfile", what).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", what).isFalse();

            VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                    .orElseThrow(() -> new AssertionError(what + ": no writable /tmp (the root filesystem is read-only)"));
            assertThat(volume(pod, tmp.getName()).getEmptyDir()).as("%s /tmp is an emptyDir", what).isNotNull();
            assertThat(tmp.getReadOnly()).as("%s /tmp writable", what).isNotEqualTo(Boolean.TRUE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void gracePeriodCoversPreStopAndQuarkusShutdownTimeout(Rendered r) {
        for (String module : ServiceConfig.MODULES) {
            PodSpec pod = r.podTemplate(module).getSpec();
            Container c = r.container(module);
            Map<String, String> env = r.environment(c);
            assertThat(env).as("%s: %s sets QUARKUS_SHUTDOWN_TIMEOUT", r, module).containsKey("QUARKUS_SHUTDOWN_TIMEOUT");
            Duration shutdown = parseDuration(env.get("QUARKUS_SHUTDOWN_TIMEOUT"));
            long preStop = 0;
            if (c.getLifecycle() != null && c.getLifecycle().getPreStop() != null) {
                assertThat(c.getLifecycle().getPreStop().getSleep()).as("%s: %s preStop is a sleep action", r, module)
                        .isNotNull();
                preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            }
            assertThat(shutdown).as("%s: %s shutdown timeout", r, module).isPositive();
            assertThat(pod.getTerminationGracePeriodSeconds()).as(
                            "%s: %s terminationGracePeriodSeconds must exceed preStop %ds + shutdown timeout %s + 5 s margin",
                            r, module, preStop, shutdown)
                    .isNotNull()
                    .isGreaterThanOrEqualTo(preStop + shutdown.toSeconds() + 5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyEnvironmentVariableAndConfigMapKeyIsARealConfigKey(Rendered r) {
        for (String module : ServiceConfig.MODULES) {
            ServiceConfig config = config(module);
            Container c = r.container(module);
            for (var e : r.environment(c).entrySet()) {
                assertThat(config.acceptsEnv(e.getKey()))
                        .as("%s: %s env %s is no key of %s/src/main/resources/application.properties (env form), nor "
                                + "allow-listed in ServiceConfig", r, module, e.getKey(), module)
                        .isTrue();
            }
            assertThat(r.environment(c)).as("%s: %s binds all interfaces in the pod", r, module)
                    .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
            for (EnvVar var : c.getEnv()) {
                // Secrets an operator creates by hand are optional; one an operator of this kustomization generates
                // (CloudNativePG's <cluster>-app) may be required: the pod then waits until the database exists.
                if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null
                        && !r.operatorGeneratedSecrets().contains(var.getValueFrom().getSecretKeyRef().getName())) {
                    assertThat(var.getValueFrom().getSecretKeyRef().getOptional())
                            .as("%s: %s secret %s is optional (the service starts without it)", r, module, var.getName())
                            .isTrue();
                }
            }
        }
        // ConfigMaps meant as a service's environment: every key is one of that service's keys.
        for (ConfigMap map : r.all(ConfigMap.class)) {
            String name = map.getMetadata().getName();
            ServiceConfig.MODULES.stream().filter(m -> name.startsWith(m + "-config")).findFirst().ifPresent(module -> {
                ServiceConfig config = config(module);
                assertThat(map.getData().keySet()).as("%s: ConfigMap %s keys", r, name)
                        .allSatisfy(key -> assertThat(config.acceptsEnv(key))
                                .as("%s: ConfigMap %s key %s is a key of %s", r, name, key, module).isTrue());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void grpcClientsPointAtTheirPeersServiceAndPort(Rendered r) {
        Pattern client = Pattern.compile("QUARKUS_GRPC_CLIENTS_([A-Z0-9]+)_HOST");
        int checked = 0;
        for (String module : ServiceConfig.MODULES) {
            Map<String, String> env = r.environment(r.container(module));
            for (var e : env.entrySet()) {
                Matcher m = client.matcher(e.getKey());
                if (!m.matches()) {
                    continue;
                }
                String peer = m.group(1).toLowerCase() + "-service";
                String portValue = env.get("QUARKUS_GRPC_CLIENTS_" + m.group(1) + "_PORT");
                assertThat(e.getValue()).as("%s: %s's %s client host", r, module, peer).isEqualTo(peer);
                assertThat(portValue).as("%s: %s's %s client port", r, module, peer).isNotNull();
                Service service = r.get(Service.class, e.getValue());
                ServicePort port = service.getSpec().getPorts().stream()
                        .filter(p -> p.getPort() == Integer.parseInt(portValue)).findFirst()
                        .orElseThrow(() -> new AssertionError(r + ": Service " + peer + " has no port " + portValue));
                assertThat(port.getAppProtocol()).as("%s: %s port %s carries gRPC", r, peer, portValue).isEqualTo("grpc");
                assertThat(containerPort(r.container(peer), port.getTargetPort()))
                        .as("%s: %s port reaches %s's quarkus.http.port", r, peer, peer)
                        .isEqualTo(config(peer).httpPort());
                checked++;
            }
        }
        assertThat(checked).as("ingest->store, watcher->store, watcher->alert, store->alert").isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void servicesNameTheirPortHttpWithAppProtocolGrpcAndSelectTheirWorkload(Rendered r) {
        Map<String, PodTemplateSpec> templates = r.podTemplates();
        for (String module : ServiceConfig.MODULES) {
            Service service = r.get(Service.class, module);
            assertThat(service.getSpec().getType()).as("%s: %s type", r, module).isEqualTo("ClusterIP");
            assertThat(service.getSpec().getPorts()).as("%s: %s ports", r, module).hasSize(1);
            ServicePort port = service.getSpec().getPorts().get(0);
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).as("%s: %s port", r, module).isEqualTo(config(module).httpPort());
            assertThat(port.getAppProtocol()).as("%s: %s serves gRPC on its one port", r, module).isEqualTo("grpc");
            assertThat(containerPort(r.container(module), port.getTargetPort())).isEqualTo(config(module).httpPort());
        }
        for (Service service : r.all(Service.class)) {
            List<String> selected = templates.entrySet().stream()
                    .filter(t -> Rendered.matches(service.getSpec().getSelector(), t.getValue().getMetadata().getLabels()))
                    .map(Map.Entry::getKey).toList();
            assertThat(selected).as("%s: Service %s selects exactly one workload", r, service.getMetadata().getName())
                    .hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void workloadSelectorsMatchTheirPodLabels(Rendered r) {
        for (Deployment d : r.all(Deployment.class)) {
            assertThat(Rendered.matches(d.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))
                    .as("%s: Deployment %s selector matches its pods", r, d.getMetadata().getName()).isTrue();
        }
        for (StatefulSet s : r.all(StatefulSet.class)) {
            assertThat(Rendered.matches(s.getSpec().getSelector(), s.getSpec().getTemplate().getMetadata().getLabels()))
                    .as("%s: StatefulSet %s selector matches its pods", r, s.getMetadata().getName()).isTrue();
        }
        // Selectors must not overlap: each workload's selector matches its own pods only.
        var templates = r.podTemplates();
        for (var d : r.all(Deployment.class)) {
            assertThat(templates.entrySet().stream()
                    .filter(t -> Rendered.matches(d.getSpec().getSelector(), t.getValue().getMetadata().getLabels())))
                    .hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theStoreMountsItsClaimAtTheDataDirectoryBehindAHeadlessService(Rendered r) {
        StatefulSet store = r.get(StatefulSet.class, "store-service");
        Container c = r.container("store-service");
        String dataDir = r.environment(c).get("DTA_STORE_DATA_DIR");
        assertThat(dataDir).as("%s: DTA_STORE_DATA_DIR", r).isNotBlank().startsWith("/");
        List<String> claims = store.getSpec().getVolumeClaimTemplates().stream()
                .map(PersistentVolumeClaim::getMetadata).map(m -> m.getName()).toList();
        VolumeMount data = c.getVolumeMounts().stream()
                .filter(m -> dataDir.equals(m.getMountPath()) || dataDir.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(r + ": nothing mounted at " + dataDir));
        assertThat(claims).as("%s: the data dir's mount is a volumeClaimTemplate", r).contains(data.getName());
        assertThat(data.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(store.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests())
                .containsKey("storage");

        Service headless = r.get(Service.class, store.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).as("%s: %s is headless", r, headless.getMetadata().getName())
                .isEqualTo("None");
        assertThat(Rendered.matches(headless.getSpec().getSelector(), store.getSpec().getTemplate().getMetadata().getLabels()))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theWatcherReadsRuleFilesFromTheMountedConfigMap(Rendered r) {
        Container c = r.container("watcher-service");
        String rulesDir = r.environment(c).get("DTA_WATCHER_RULES_DIR");
        assertThat(rulesDir).as("%s: DTA_WATCHER_RULES_DIR", r).isEqualTo("/etc/dta/rules");
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> rulesDir.equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": nothing mounted at " + rulesDir));
        assertThat(mount.getSubPath()).as("no subPath, so updates reach the pod").isNull();
        Volume volume = volume(r.podTemplate("watcher-service").getSpec(), mount.getName());
        assertThat(volume.getConfigMap()).isNotNull();
        assertThat(volume.getConfigMap().getName()).isEqualTo("dta-watcher-rules");
        r.get(ConfigMap.class, "dta-watcher-rules");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theStoreLoadsOpenDataKpisFromTheMountedConfigMap(Rendered r) {
        Container c = r.container("store-service");
        String location = r.environment(c).get("QUARKUS_CONFIG_LOCATIONS");
        assertThat(location).as("%s: store QUARKUS_CONFIG_LOCATIONS", r).isNotNull();
        Path file = Path.of(location);
        VolumeMount mount = c.getVolumeMounts().stream()
                .filter(m -> file.getParent().equals(Path.of(m.getMountPath()))).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": nothing mounted at " + file.getParent()));
        Volume volume = volume(r.podTemplate("store-service").getSpec(), mount.getName());
        assertThat(volume.getConfigMap()).as("%s: volume %s is a ConfigMap", r, mount.getName()).isNotNull();
        ConfigMap kpis = r.get(ConfigMap.class, volume.getConfigMap().getName());
        String properties = kpis.getData().get(file.getFileName().toString());
        assertThat(properties).as("%s: ConfigMap %s holds %s", r, kpis.getMetadata().getName(), file.getFileName())
                .isNotNull()
                .contains("dta.open-data.kpis.permit-payment-success-rate.metric=permit.pay.ok");
        // Only open-data keys: this file must not quietly reconfigure the rest of the store.
        assertThat(properties.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")))
                .allSatisfy(line -> assertThat(line).matches("(config_ordinal|dta\\.open-data\\.[a-z0-9.\\-]+)=.*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void secretsAreReferencedNeverShipped(Rendered r) {
        assertThat(r.all(Secret.class)).as("%s: Secret objects (values do not belong in the repository)", r).isEmpty();
        Map<String, String> references = Map.of(
                "ingest-service", "dta-ingest-tokens", "alert-service", "dta-alert-channels");
        references.forEach((module, secret) -> assertThat(r.container(module).getEnv().stream()
                .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                .map(v -> v.getValueFrom().getSecretKeyRef().getName()))
                .as("%s: %s references Secret %s", r, module, secret).contains(secret));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void disruptionBudgetsAndTheIngestAutoscalerTargetRealWorkloads(Rendered r) {
        var templates = r.podTemplates();
        for (String module : ServiceConfig.MODULES) {
            PodDisruptionBudget pdb = r.get(PodDisruptionBudget.class, module);
            assertThat(templates.entrySet().stream()
                    .filter(t -> Rendered.matches(pdb.getSpec().getSelector(), t.getValue().getMetadata().getLabels()))
                    .map(Map.Entry::getKey))
                    .as("%s: PDB %s selects its workload only", r, module).containsExactly(module);
            // A budget that allows no eviction would block every node drain of a single-replica workload.
            assertThat(pdb.getSpec().getMaxUnavailable()).as("%s: PDB %s maxUnavailable", r, module)
                    .isEqualTo(new IntOrString(1));
        }
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
        assertThat(hpas).extracting(h -> h.getSpec().getScaleTargetRef().getName()).containsExactly("ingest-service");
        HorizontalPodAutoscaler hpa = hpas.get(0);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        assertThat(r.get(Deployment.class, "ingest-service").getSpec().getReplicas())
                .as("%s: the HPA owns ingest's replica count", r).isNull();
        assertThat(r.container("ingest-service").getResources().getRequests()).as("CPU utilisation needs a request")
                .containsKey("cpu");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void overlaysPutEverythingInOneRestrictedNamespace(Rendered r) {
        if (r.name().equals("base")) {
            assertThat(r.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isNull());
            return;
        }
        String namespace = r.namespace();
        Namespace ns = r.get(Namespace.class, namespace);
        assertThat(ns.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(r.objects()).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as("%s: namespace of %s/%s", r, o.getKind(), o.getMetadata().getName()).isEqualTo(namespace));
    }

    /** Images are named in the manifests without a tag; base/kustomization.yaml's `images:` is the one place for tags. */
    @org.junit.jupiter.api.Test
    void manifestsNameImagesWithoutTagsSoTheKustomizationSetsThemInOnePlace() throws IOException {
        Path k8s = Rendered.repoRoot().resolve("k8s");
        List<String> images = new ArrayList<>();
        try (Stream<Path> files = Files.walk(k8s)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(file);
                Matcher image = Pattern.compile("(?m)^\\s*-?\\s*image:\\s*(\\S+)").matcher(text);
                while (image.find()) {
                    images.add(k8s.relativize(file) + ": " + image.group(1));
                }
                if (file.getFileName().toString().equals("kustomization.yaml") && !file.getParent().equals(k8s.resolve("base"))) {
                    assertThat(text).as("%s sets images; only base/kustomization.yaml does", k8s.relativize(file))
                            .doesNotContainPattern("(?m)^images:");
                }
            }
        }
        assertThat(images).hasSize(4).allSatisfy(i -> assertThat(i).matches(".*: dta-observatory/[a-z-]+"));
        Set<String> baseImages = Set.copyOf(images.stream().map(i -> i.substring(i.indexOf(": ") + 2)).toList());
        String kustomization = Files.readString(k8s.resolve("base/kustomization.yaml"));
        for (String image : baseImages) {
            assertThat(kustomization).contains("- name: " + image);
        }
    }

    static Duration parseDuration(String value) {
        Matcher m = DURATION.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            fail("not a duration Quarkus reads the way this test does: " + value);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    static int containerPort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + port.getStrVal()));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
