package dta.observatory.alert.cluster;

import com.sun.net.httpserver.HttpServer;
import dta.observatory.devinfra.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * For a test application in cluster mode: a real PostgreSQL (a fresh database, schema left to the application's
 * Flyway) and a real HTTP receiver for its webhook channel, which records each body and idempotency key.
 */
public class ClusterModeResources implements QuarkusTestResourceLifecycleManager {

    /** One webhook POST as received. */
    record Received(String idempotencyKey, String body) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static volatile DataSource database;
    private HttpServer receiver;

    @Override
    public Map<String, String> start() {
        try {
            Postgres pg = TestDatabase.server();
            pg.createDatabase("alert_cluster_mode");
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.jdbcUrl("alert_cluster_mode"));
            ds.setUser(Postgres.USER);
            database = ds;
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hook", exchange -> {
                RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            return Map.of("dta.alert.cluster.enabled", "true",
                    "quarkus.datasource.jdbc.url", pg.jdbcUrl("alert_cluster_mode"),
                    "quarkus.datasource.username", Postgres.USER,
                    "dta.alert.webhook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start PostgreSQL or the webhook receiver", e);
        }
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }
}
