package dta.observatory.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What distinguishes the overlays: dev is small, prod is spread and bigger, prod-mesh adds mTLS and a ServiceMonitor. */
class OverlayTest {

    static BigDecimal storeVolume(Rendered r) {
        StatefulSet store = r.get(StatefulSet.class, "store-service");
        return Quantity.getAmountInBytes(store.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage"));
    }

    @Test
    void devRunsOneReplicaOfEverything() {
        Rendered dev = Rendered.of("overlays/dev");
        HorizontalPodAutoscaler hpa = dev.get(HorizontalPodAutoscaler.class, "ingest-service");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(1);
        for (String module : List.of("watcher-service", "alert-service")) {
            assertThat(dev.get(Deployment.class, module).getSpec().getReplicas()).isEqualTo(1);
        }
        assertThat(dev.get(StatefulSet.class, "store-service").getSpec().getReplicas()).isEqualTo(1);
        assertThat(storeVolume(dev)).isLessThan(storeVolume(Rendered.of("overlays/prod")));
    }

    @Test
    void prodScalesIngestAcrossNodesAndGivesTheStoreABiggerVolume() {
        Rendered prod = Rendered.of("overlays/prod");
        HorizontalPodAutoscaler hpa = prod.get(HorizontalPodAutoscaler.class, "ingest-service");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        var spec = prod.podTemplate("ingest-service").getSpec();
        List<WeightedPodAffinityTerm> terms = spec.getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(terms).anySatisfy(t -> {
            assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            LabelSelector selector = t.getPodAffinityTerm().getLabelSelector();
            assertThat(Rendered.matches(selector, prod.podTemplate("ingest-service").getMetadata().getLabels())).isTrue();
        });
        assertThat(storeVolume(prod)).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity("10Gi")));
        assertThat(storeVolume(prod)).isGreaterThan(storeVolume(Rendered.of("base")));
    }

    @Test
    void prodMeshRequiresMutualTlsAndInjectsEveryWorkload() {
        Rendered mesh = Rendered.of("overlays/prod-mesh");
        GenericKubernetesResource peerAuth = mesh.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("PeerAuthentication")).findFirst()
                .orElseThrow(() -> new AssertionError("prod-mesh: no PeerAuthentication"));
        assertThat(peerAuth.getApiVersion()).startsWith("security.istio.io/");
        assertThat(peerAuth.get("spec", "mtls", "mode").toString()).isEqualTo("STRICT");
        assertThat((Object) peerAuth.get("spec", "selector")).as("namespace-wide").isNull();
        mesh.podTemplates().forEach((name, template) -> assertThat(template.getMetadata().getLabels())
                .as("%s injected", name).containsEntry("sidecar.istio.io/inject", "true"));
        assertThat(Rendered.of("overlays/prod").all(GenericKubernetesResource.class))
                .as("prod itself needs no CRDs").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceMonitorScrapesTheFourServicesOnce() {
        Rendered mesh = Rendered.of("overlays/prod-mesh");
        GenericKubernetesResource monitor = mesh.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst()
                .orElseThrow(() -> new AssertionError("prod-mesh: no ServiceMonitor"));
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, String> matchLabels = (Map<String, String>) monitor.get("spec", "selector", "matchLabels");
        List<String> scraped = mesh.all(Service.class).stream()
                .filter(s -> Rendered.matches(matchLabels, s.getMetadata().getLabels()))
                .map(s -> s.getMetadata().getName()).toList();
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(ServiceConfig.MODULES);
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("port", "http").containsEntry("path", "/q/metrics");
        });
    }
}
