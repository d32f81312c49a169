package dta.observatory.store.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With dta.store.api-token set, the SRE API is closed without the token and open data stays open, rate limited. */
@QuarkusTest
@TestProfile(ApiTokenTest.TokenProfile.class)
class ApiTokenTest {

    public static class TokenProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dta.store.api-token", "s3cret-token", "dta.open-data.requests-per-minute", "5");
        }
    }

    @Test
    void sreApiNeedsTheTokenOpenDataDoesNotAndIsRateLimited() {
        given().when().get("/api/v1/metrics").then().statusCode(401).header("WWW-Authenticate",
                equalTo("Bearer realm=\"dta-store\""));
        given().header("Authorization", "Bearer wrong").when().get("/api/v1/range?metric=x").then().statusCode(401);
        given().header("Authorization", "Bearer s3cret-token").when().get("/api/v1/metrics").then().statusCode(200);
        given().when().get("/federate?match[]=x").then().statusCode(200);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(given().when().get("/open-data/v1/kpis").then().extract().statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        given().when().get("/open-data/v1/kpis").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.matchesPattern("[0-9]|1[0-2]"))
                .body("error", equalTo("rate limit of 5 requests a minute per client exceeded; retry later"));
    }
}
