package dta.observatory.watcher.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dta.observatory.api.v1.Series;
import dta.observatory.devinfra.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The service in cluster mode on a real PostgreSQL: schema migrated at start, membership, API rules and states in the
 * shared tables, and a rule taken over from a replica that is gone — already firing, so not notified again.
 */
@QuarkusTest
@TestProfile(ClusterModeTest.Cluster.class)
class ClusterModeTest {

    public static class Cluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dta.watcher.cluster.enabled", "true", "dta.watcher.cluster.member-id", "test-member");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Database.class));
        }
    }

    /** A real PostgreSQL server for this test's application. */
    public static class Database implements QuarkusTestResourceLifecycleManager {
        private Postgres server;

        @Override
        public Map<String, String> start() {
            try {
                server = Postgres.start(Files.createTempDirectory("watcher-cluster-test"), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", server.jdbcUrl("postgres"), "quarkus.datasource.username",
                    Postgres.USER);
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    DataSource db;

    private static Series hot(String metric) {
        Series.Builder s = Series.newBuilder().setMetric(metric);
        for (int i = 0; i < 5; i++) {
            s.addPointsBuilder().setTimestampMs(1_000L * (i + 1)).setValue(90);
        }
        return s.build();
    }

    private String one(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theSchemaIsMigratedAndThisReplicaHeartbeats() throws Exception {
        assertThat(one("SELECT count(*) FROM watcher_schema_history WHERE success")).isEqualTo("1");
        assertThat(one("SELECT count(*) FROM watcher_member WHERE id = 'test-member' "
                + "AND last_heartbeat > now() - interval '5 seconds'")).isEqualTo("1");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("dta_watcher_cluster_members_live 1.0"));
    }

    @Test
    void aRuleCreatedThroughTheApiIsStoredEvaluatedHereAndItsStateShared() throws Exception {
        FakePeers.SERIES.put("cluster.temp", hot("cluster.temp"));
        given().contentType("application/json").body("{\"id\":\"cluster-hot\",\"metric\":\"cluster.temp\","
                + "\"window\":3,\"aggregate\":\"max\",\"comparator\":\">\",\"threshold\":50}")
                .when().post("/api/v1/rules").then().statusCode(201);
        assertThat(one("SELECT document FROM watcher_rule WHERE id = 'cluster-hot'")).contains("cluster.temp");
        await().atMost(Duration.ofSeconds(15)).until(() -> FakePeers.NOTIFIED.stream()
                .anyMatch(a -> a.getRuleId().equals("cluster-hot")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/api/v1/rules/cluster-hot")
                .then().statusCode(200).body("state", equalTo("firing")).body("owner", equalTo("test-member")));
        assertThat(one("SELECT owner FROM watcher_rule_state WHERE rule_id = 'cluster-hot'"))
                .isEqualTo("test-member");
        assertThat(one("SELECT series FROM watcher_rule_state WHERE rule_id = 'cluster-hot'")).contains("FIRING");

        given().when().delete("/api/v1/rules/cluster-hot").then().statusCode(204);
        assertThat(one("SELECT count(*) FROM watcher_rule WHERE id = 'cluster-hot'")).isEqualTo("0");
    }

    @Test
    void aFiringRuleLeftByAGoneReplicaIsTakenOverWithoutNotifyingAgain() throws Exception {
        FakePeers.SERIES.put("cluster.left", hot("cluster.left"));
        long firedAt = System.currentTimeMillis() - 60_000;
        String doc = "{\"id\":\"left-hot\",\"type\":\"threshold\",\"metric\":\"cluster.left\",\"window\":3,"
                + "\"aggregate\":\"max\",\"comparator\":\">\",\"threshold\":50.0,\"minInterval\":\"3600s\"}";
        String series = "[{\"labels\":{},\"status\":{\"state\":\"FIRING\",\"value\":90.0,\"baseline\":\"NaN\","
                + "\"score\":\"NaN\",\"lastEvaluatedMs\":" + firedAt + ",\"lastNotifiedMs\":" + firedAt
                + ",\"activeSinceMs\":" + firedAt + ",\"lastHeldMs\":" + firedAt + ",\"firingNotified\":true,"
                + "\"detail\":\"\",\"baselineKind\":\"\"}}]";
        // As another replica (now gone) left it: stored, firing, notified a minute ago.
        execute("INSERT INTO watcher_rule (id, document) VALUES ('left-hot', '" + doc + "')");
        execute("INSERT INTO watcher_rule_state (rule_id, rule_document, series, owner, version) VALUES "
                + "('left-hot', '" + doc + "', '" + series + "', 'gone-member', nextval('watcher_state_version'))");

        given().when().get("/api/v1/rules").then().statusCode(200).body("rules.rule.id", hasItem("left-hot"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/api/v1/rules/left-hot")
                .then().statusCode(200).body("owner", equalTo("test-member")).body("state", equalTo("firing")));
        long evaluated = given().when().get("/api/v1/rules/left-hot").then().extract().jsonPath()
                .getLong("lastEvaluatedMs");
        assertThat(evaluated).isGreaterThan(firedAt);
        assertThat(given().when().get("/api/v1/rules/left-hot").then().extract().jsonPath()
                .getLong("activeSinceMs")).as("the firing episode goes on").isEqualTo(firedAt);
        assertThat(FakePeers.NOTIFIED).noneMatch(a -> a.getRuleId().equals("left-hot"));
    }
}
