package dta.observatory.store.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The KPI file that k8s/base ships as the ConfigMap store-open-data-kpis boots the store the way the pod loads it
 * (quarkus.config.locations naming the mounted file), and every KPI in it is published. A typo in that file would
 * otherwise only show when a cluster rolls the store.
 */
@QuarkusTest
@TestProfile(KubernetesKpiConfigMapTest.MountedKpiFile.class)
class KubernetesKpiConfigMapTest {

    static final Path KPI_FILE = Path.of("../k8s/base/config/open-data-kpis.properties").toAbsolutePath().normalize();

    public static class MountedKpiFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (!Files.isRegularFile(KPI_FILE)) {
                throw new IllegalStateException("missing " + KPI_FILE);
            }
            return Map.of("quarkus.config.locations", KPI_FILE.toUri().toString());
        }
    }

    @Test
    void publishesEveryKpiOfTheConfigMapWithItsMetadata() {
        given().when().get("/open-data/v1/kpis").then().statusCode(200)
                .body("'dct:publisher'", equalTo("Digital Transformation Agency"))
                .body("'dcat:dataset'.'dct:identifier'",
                        hasItems("permit-payment-success-rate", "permit-payment-latency-p90"))
                .body("'dcat:dataset'.find { it.'dct:identifier' == 'permit-payment-latency-p90' }.'dct:title'",
                        equalTo("Permit payment latency (p90)"));
        given().when().get("/open-data/v1/kpis/permit-payment-latency-p90").then().statusCode(200)
                .body("unit", equalTo("ms"))
                .body("aggregate", equalTo("p90"))
                .body("period", equalTo("hour"))
                .body("breakdown", equalTo(java.util.List.of("region")))
                .body("minGroupSize", equalTo(20));
    }
}
