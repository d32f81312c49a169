package dta.observatory.k8s;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceConfigTest {

    @Test
    void envNamesFollowMicroProfileConfig() {
        BiConsumer<String, String> f = (key, env) -> assertThat(ServiceConfig.toEnv(key)).isEqualTo(env);
        f.accept("dta.watcher.eval-interval", "DTA_WATCHER_EVAL_INTERVAL");
        f.accept("quarkus.grpc.clients.store.host", "QUARKUS_GRPC_CLIENTS_STORE_HOST");
        f.accept("dta.alert.retry.initial-backoff", "DTA_ALERT_RETRY_INITIAL_BACKOFF");
        f.accept("quarkus.log.category.\"io.grpc\".level", "QUARKUS_LOG_CATEGORY__IO_GRPC__LEVEL");
    }

    @Test
    void readsSetCommentedAndProfileKeysOfAService() {
        ServiceConfig alert = ServiceConfig.load(Rendered.repoRoot(), "alert-service");
        assertThat(alert.httpPort()).isEqualTo(8084);
        assertThat(alert.keys()).contains("dta.alert.default-channels", "dta.alert.webhook.url", "quarkus.http.host");
        assertThat(alert.acceptsEnv("DTA_ALERT_WEBHOOK_URL")).isTrue();
        assertThat(alert.acceptsEnv("DTA_ALERT_WEBHOOK_URLS")).isFalse();
        assertThat(alert.acceptsEnv("DTA_WATCHER_EVAL_INTERVAL")).as("another service's key").isFalse();
        assertThat(alert.acceptsEnv("QUARKUS_SHUTDOWN_TIMEOUT")).isTrue();
    }

    @Test
    void aServiceWithADatasourceAcceptsItsConnectionSettingsAndNoOtherDoes() {
        ServiceConfig withDatasource = new ServiceConfig("alert-service", Map.of(),
                Set.of("dta.alert.cluster.enabled", "quarkus.datasource.db-kind"));
        for (String env : new String[] {"QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD"}) {
            assertThat(withDatasource.acceptsEnv(env)).as(env).isTrue();
        }
        assertThat(withDatasource.acceptsEnv("QUARKUS_DATASOURCE_JDBC_MAX_SIZE")).isFalse();
        ServiceConfig without = new ServiceConfig("ingest-service", Map.of(), Set.of("quarkus.http.host"));
        assertThat(without.acceptsEnv("QUARKUS_DATASOURCE_JDBC_URL")).isFalse();
    }
}
