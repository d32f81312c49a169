package dta.observatory.k8s;

import org.junit.jupiter.api.Test;

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
}
