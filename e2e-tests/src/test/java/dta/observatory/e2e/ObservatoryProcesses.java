package dta.observatory.e2e;

import dta.observatory.client.Observatory;
import dta.observatory.client.ObservatoryOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole observatory as an operator runs it: the four packaged services as separate JVMs on free loopback
 * ports, wired to each other, the alert service posting to a real {@link WebhookReceiver}. Each service gets a
 * fresh data directory (see {@link ServiceProcess}), kept across its restarts.
 */
final class ObservatoryProcesses implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(90);

    final WebhookReceiver webhook;
    ServiceProcess store;
    ServiceProcess alert;
    ServiceProcess ingest;
    private ServiceProcess watcher;
    private Map<String, String> watcherEnv;

    private ObservatoryProcesses() throws IOException {
        webhook = new WebhookReceiver();
    }

    /** Starts all four and waits until each is ready; {@code watcherEnv} adds settings to the watcher's env. */
    static ObservatoryProcesses start(Map<String, String> watcherEnv) throws IOException {
        ObservatoryProcesses o = new ObservatoryProcesses();
        try {
            int storePort = ServiceProcess.freePort();
            int alertPort = ServiceProcess.freePort();
            // the store raises its disk-quota warning through the alert service
            o.store = new ServiceProcess("store-service", storePort,
                    Map.of("QUARKUS_GRPC_CLIENTS_ALERT_PORT", String.valueOf(alertPort))).start();
            o.alert = new ServiceProcess("alert-service", alertPort,
                    Map.of("DTA_ALERT_WEBHOOK_URL", o.webhook.url())).start();
            o.ingest = new ServiceProcess("ingest-service", ServiceProcess.freePort(),
                    Map.of("QUARKUS_GRPC_CLIENTS_STORE_PORT", String.valueOf(storePort))).start();
            Map<String, String> env = new HashMap<>(watcherEnv);
            env.put("QUARKUS_GRPC_CLIENTS_STORE_PORT", String.valueOf(storePort));
            env.put("QUARKUS_GRPC_CLIENTS_ALERT_PORT", String.valueOf(alertPort));
            o.watcherEnv = Map.copyOf(env);
            o.watcher = new ServiceProcess("watcher-service", ServiceProcess.freePort(), o.watcherEnv).start();
            for (ServiceProcess s : new ServiceProcess[] {o.store, o.alert, o.ingest, o.watcher}) {
                s.awaitHttp200("/q/health/ready", STARTUP);
            }
            return o;
        } catch (RuntimeException e) {
            o.close();
            throw e;
        }
    }

    ServiceProcess watcher() {
        return watcher;
    }

    /** SIGKILLs the watcher and starts a new one on the same port and env (so the same state directory). */
    ServiceProcess killAndRestartWatcher() {
        watcher.kill();
        watcher = new ServiceProcess("watcher-service", watcher.port(), watcherEnv).start();
        return watcher.awaitHttp200("/q/health/ready", STARTUP);
    }

    /**
     * SIGKILLs the store (no shutdown hooks: whatever is not in its WAL is gone) and starts it again on the same
     * port and data directory; returns once it is ready, i.e. once its WAL is replayed.
     */
    ServiceProcess killAndRestartStore() {
        store.kill();
        return store.start().awaitHttp200("/q/health/ready", STARTUP);
    }

    /** An SDK client of this observatory, evaluating local watches every {@code pollInterval}. */
    Observatory connect(Duration pollInterval) {
        return Observatory.connect(ObservatoryOptions.forIngest(ingest.address())
                .withStoreAddress(store.address()).withWatcherAddress(watcher.address())
                .withPollInterval(pollInterval));
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {watcher, ingest, alert, store, webhook}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the next resource still gets closed
            }
        }
    }
}
