package dta.observatory.store.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP server on 127.0.0.1 (another origin than the store) that plays two parts in the browser tests: the
 * watcher and alert services' REST answers for the overview panels (with CORS headers, as their
 * quarkus.http.cors config gives), and "another service's page" that embeds the brick cross-origin.
 * Its URL is handed to the store as dta.store.dashboard.watcher-url / alert-url.
 */
public class FakePeers implements QuarkusTestResourceLifecycleManager {

    /** Path → HTML of pages the tests serve; filled by the tests (they know the store's port). */
    public static final Map<String, String> PAGES = new ConcurrentHashMap<>();
    static volatile String rulesJson = "{\"rules\":[]}";
    static volatile String alertsJson = "{\"alerts\":[]}";
    static volatile String baseUrl;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake peer server", e);
        }
        server.createContext("/api/v1/rules", ex -> send(ex, "application/json", rulesJson));
        server.createContext("/api/v1/alerts", ex -> send(ex, "application/json", alertsJson));
        server.createContext("/pages/", ex -> {
            String page = PAGES.get(ex.getRequestURI().getPath());
            if (page == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
            } else {
                send(ex, "text/html; charset=utf-8", page);
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("dta.store.dashboard.watcher-url", baseUrl, "dta.store.dashboard.alert-url", baseUrl);
    }

    private static void send(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
