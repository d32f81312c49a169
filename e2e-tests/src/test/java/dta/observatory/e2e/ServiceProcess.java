package dta.observatory.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a separate JVM on a fixed
 * loopback port, with its log in {@code target/e2e-logs}. Can be stopped, killed and started again on the same
 * port, as an operator would. The data directory is chosen once per instance, so {@link #start()} after
 * {@link #kill()} or {@link #close()} finds the state the previous process left ({@link #dataDir()}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The env variable naming each service's data directory. */
    private static final Map<String, String> DATA_DIR_KEYS = Map.of("store-service", "DTA_STORE_DATA_DIR",
            "watcher-service", "DTA_WATCHER_STATE_DIR", "alert-service", "DTA_ALERT_OUTBOX_DIR");

    private final String module;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    ServiceProcess(String module, int port, Map<String, String> env) {
        this.module = module;
        this.port = port;
        this.env = new HashMap<>(env);
        this.env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // Services keep state on disk (store data, watcher rules and states, alert outbox); each process starts
        // from a fresh directory unless a test passes one (to restart a service on the same state).
        String dataKey = DATA_DIR_KEYS.get(module);
        if (dataKey != null && !this.env.containsKey(dataKey)) {
            try {
                this.env.put(dataKey, Files.createTempDirectory("e2e-" + module).toString());
            } catch (IOException e) {
                throw new IllegalStateException("no temp directory for " + module, e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** The service's data directory (null for a service that keeps none); the same for every start. */
    Path dataDir() {
        String key = DATA_DIR_KEYS.get(module);
        return key == null ? null : Path.of(env.get(key));
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    ServiceProcess start() {
        Path root = Path.of(System.getProperty("dta.repo.root", ".."));
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn verify does)");
        }
        Path logs = Path.of(System.getProperty("dta.e2e.logs", "target/e2e-logs"));
        try {
            Files.createDirectories(logs);
            ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(module + ".log").toFile()));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + module, e);
        }
        return this;
    }

    /** Waits until {@code path} answers 200, e.g. {@code /q/health/live}. */
    ServiceProcess awaitHttp200(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see its log");
            }
            if (status(path) == 200) {
                return this;
            }
            sleep(200);
        }
        throw new IllegalStateException(module + " did not answer 200 on " + path + " within " + timeout);
    }

    /** HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The OS process id of the running service (for signals such as SIGSTOP / SIGCONT). */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hooks, as when a node dies. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
