package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.devinfra.Postgres;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two alert-service processes in cluster mode on one real PostgreSQL, a real webhook receiver. 100 alerts, half
 * sent to each replica: the receiver gets each notification exactly once, and both replicas answer the same. Then
 * with the receiver hanging (claims outstanding) one replica is killed with SIGKILL: every notification still
 * arrives, the killed replica's claims are delivered again by the other one, duplicates with the same key.
 */
class AlertReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALERTS = 100;
    private static Postgres postgres;

    /** One POST the receiver got. */
    record Received(String key, String instance, boolean afterKill) {
    }

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = Postgres.start(Files.createTempDirectory("e2e-alert-pg"), 0);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoReplicasDeliverEachOfAHundredNotificationsExactlyOnceAndAnswerAlike() throws Exception {
        String db = database("replicas_once");
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(received, null, new AtomicBoolean());
        ServiceProcess a = replica("replica-a", db, receiver);
        ServiceProcess b = replica("replica-b", db, receiver);
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            startBoth(a, b);
            sendAlerts(a, b, channels);

            await().atMost(Duration.ofSeconds(90)).until(() -> keys(received).size() == ALERTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> pendingWebhook(a) == 0 && pendingWebhook(b) == 0);
            ServiceProcess.sleep(2_000); // a duplicate would come within a tick or two: give it time to show
            assertThat(received).as("each notification exactly once").hasSize(ALERTS);
            assertThat(received.stream().map(Received::instance).collect(Collectors.toSet()))
                    .hasSize(ALERTS).contains("node-0", "node-99");

            // whichever replica is asked answers the same: alerts, an ack made on the other one, a silence
            String fromB = alertIds(a).stream().filter(id -> id.contains("replica-b")).findFirst().orElseThrow();
            assertThat(alertIds(a)).hasSize(ALERTS).isEqualTo(alertIds(b));
            assertThat(Http.postJson(a.baseUrl() + "/api/v1/alerts/" + fromB + "/ack", "{\"by\":\"ana\"}").status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledgedBy(b, fromB).equals("ana"));
            JsonNode silence = JSON.readTree(Http.postJson(b.baseUrl() + "/api/v1/silences",
                    "{\"matchers\":[\"rule=replicas\"],\"endsAt\":\"2099-01-01T00:00:00Z\",\"createdBy\":\"ops\"}")
                    .body());
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(a.baseUrl() + "/api/v1/silences/"
                    + silence.path("id").asText()).status() == 200);

            // the human review queue is one queue: a task is listed and claimed through either replica
            notifyHitl(a, channels);
            await().atMost(Duration.ofSeconds(30)).until(() -> !openTaskIds(b).isEmpty());
            String task = openTaskIds(b).get(0);
            assertThat(openTaskIds(a)).containsExactly(task);
            assertThat(Http.postJson(b.baseUrl() + "/api/v1/tasks/" + task + "/claim", "{\"by\":\"ana\"}")
                    .status()).isEqualTo(200);
            assertThat(Http.postJson(a.baseUrl() + "/api/v1/tasks/" + task + "/claim", "{\"by\":\"bob\"}")
                    .status()).as("already claimed through the other replica").isEqualTo(409);
            assertThat(JSON.readTree(Http.get(a.baseUrl() + "/api/v1/tasks/" + task).body()).path("claimedBy")
                    .asText()).isEqualTo("ana");

            // the state log was compacted on the way; a replica starting now begins from the snapshot and
            // answers the same, and notifies nothing again
            assertThat(count(db, "SELECT count(*) FROM alert_state_snapshot")).isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM alert_state_log")).isLessThan(ALERTS);
            try (ServiceProcess c = replica("replica-c", db, receiver)) {
                c.start();
                c.awaitHttp200("/q/health/ready", ObservatoryProcesses.STARTUP);
                assertThat(alertIds(c)).isEqualTo(alertIds(a));
                assertThat(acknowledgedBy(c, fromB)).isEqualTo("ana");
                assertThat(Http.get(c.baseUrl() + "/api/v1/silences/" + silence.path("id").asText()).status())
                        .isEqualTo(200);
                ServiceProcess.sleep(2_000);
                assertThat(received).as("still each notification exactly once").hasSize(ALERTS);
            }
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            a.close();
            b.close();
            receiver.stop(0);
        }
    }

    @Test
    void aReplicaKilledWithClaimsOutstandingLosesNoNotification() throws Exception {
        String db = database("replicas_kill");
        List<Received> received = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean killed = new AtomicBoolean();
        HttpServer receiver = receiver(received, release, killed);
        ServiceProcess a = replica("replica-a", db, receiver);
        ServiceProcess b = replica("replica-b", db, receiver);
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            startBoth(a, b);
            sendAlerts(a, b, channels);
            // the receiver hangs: every replica's delivery threads wait on it, holding their claims
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "SELECT count(*) FROM alert_outbox WHERE "
                    + "channel = 'webhook'") == ALERTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> claimedBy(db, "replica-a").size() > 0);
            Set<String> claimedByA = claimedBy(db, "replica-a");

            a.kill(); // SIGKILL with deliveries under way
            killed.set(true);
            release.countDown();

            await().atMost(Duration.ofSeconds(120)).until(() -> keys(received).size() == ALERTS);
            assertThat(received.stream().map(Received::instance).collect(Collectors.toSet()))
                    .hasSize(ALERTS).contains("node-0", "node-99");
            // the killed replica had posted these already (the hanging receiver got them) but never heard back:
            // once its leases run out the other replica delivers them again, with the same keys
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received.stream()
                    .filter(Received::afterKill).map(Received::key).collect(Collectors.toSet()))
                    .as("what the killed replica held was delivered again by the other one")
                    .containsAll(claimedByA));
            Map<String, Set<String>> instancesByKey = new HashMap<>();
            received.forEach(r -> instancesByKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.instance()));
            assertThat(instancesByKey.values()).as("a key always names the same notification")
                    .allSatisfy(instances -> assertThat(instances).hasSize(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> pendingWebhook(b) == 0);
        } finally {
            release.countDown();
            channels.forEach(ManagedChannel::shutdownNow);
            a.close();
            b.close();
            receiver.stop(0);
        }
    }

    private static String database(String name) throws Exception {
        postgres.createDatabase(name);
        return name;
    }

    /**
     * A webhook receiver recording each POST on arrival; with {@code release} it then hangs until released (as a
     * receiver that stopped answering), and answers 200 afterwards.
     */
    private static HttpServer receiver(List<Received> received, CountDownLatch release, AtomicBoolean killed)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    JSON.readTree(body).path("labels").path("instance").asText(), killed.get()));
            if (release != null) {
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private static ServiceProcess replica(String name, String db, HttpServer receiver) {
        Map<String, String> env = new HashMap<>();
        env.put("DTA_ALERT_CLUSTER_ENABLED", "true");
        env.put("DTA_ALERT_CLUSTER_REPLICA_NAME", name);
        // short, so that the killed replica's claims pass on within the test; longer than nothing else here
        env.put("DTA_ALERT_CLUSTER_CLAIM_LEASE", "5s");
        // small, so that the state log is compacted several times within the test
        env.put("DTA_ALERT_CLUSTER_STATE_LOG_COMPACT_RECORDS", "50");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(db));
        env.put("QUARKUS_DATASOURCE_USERNAME", Postgres.USER);
        env.put("DTA_ALERT_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        env.put("DTA_ALERT_WEBHOOK_TIMEOUT", "60s"); // the hanging receiver must not turn into failed attempts
        env.put("DTA_ALERT_ROUTE_GROUP_BY", "..."); // one group per alert: one notification each
        env.put("DTA_ALERT_ROUTE_GROUP_WAIT", "0s");
        env.put("DTA_ALERT_RETRY_MAX_ATTEMPTS", "10000");
        env.put("DTA_ALERT_RETRY_INITIAL_BACKOFF", "200ms");
        env.put("DTA_ALERT_RETRY_MAX_BACKOFF", "1s");
        return new ServiceProcess("alert-service", ServiceProcess.freePort(), env);
    }

    private static void startBoth(ServiceProcess a, ServiceProcess b) {
        a.start();
        b.start();
        a.awaitHttp200("/q/health/ready", ObservatoryProcesses.STARTUP);
        b.awaitHttp200("/q/health/ready", ObservatoryProcesses.STARTUP);
    }

    /** Alert i goes to replica a when i is even, to b when odd. */
    private static void sendAlerts(ServiceProcess a, ServiceProcess b, List<ManagedChannel> channels) {
        List<AlertServiceGrpc.AlertServiceBlockingStub> stubs = new ArrayList<>();
        for (ServiceProcess p : List.of(a, b)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", p.port()).usePlaintext().build();
            channels.add(channel);
            stubs.add(AlertServiceGrpc.newBlockingStub(channel));
        }
        for (int i = 0; i < ALERTS; i++) {
            stubs.get(i % 2).notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId("replicas")
                    .setMetric("permit.pay.ok").putLabels("instance", "node-" + i).setValue(0.9).setThreshold(0.95)
                    .setComparator("<").setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("critical")
                    .setSummary("Payment success <95%")).build());
        }
    }

    private static void notifyHitl(ServiceProcess p, List<ManagedChannel> channels) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", p.port()).usePlaintext().build();
        channels.add(channel);
        AlertServiceGrpc.newBlockingStub(channel).notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder()
                .setRuleId("replicas-review").setMetric("queue.wait_s").setValue(900).setThreshold(600)
                .setComparator(">").setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("critical")
                .setSummary("Queue wait > 10 min").addChannels("hitl")).build());
    }

    private static List<String> openTaskIds(ServiceProcess p) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(Http.get(p.baseUrl() + "/api/v1/tasks?state=open").body()).path("tasks")
                .forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static Set<String> keys(List<Received> received) {
        return received.stream().map(Received::key).collect(Collectors.toSet());
    }

    private static int pendingWebhook(ServiceProcess p) throws Exception {
        return JSON.readTree(Http.get(p.baseUrl() + "/api/v1/channels").body()).path("pendingByChannel")
                .path("webhook").asInt(0);
    }

    private static List<String> alertIds(ServiceProcess p) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(Http.get(p.baseUrl() + "/api/v1/alerts?rule=replicas&limit=1000").body()).path("alerts")
                .forEach(n -> ids.add(n.path("id").asText()));
        ids.sort(null);
        return ids;
    }

    private static String acknowledgedBy(ServiceProcess p, String id) throws Exception {
        for (JsonNode n : JSON.readTree(Http.get(p.baseUrl() + "/api/v1/alerts?rule=replicas&limit=1000").body())
                .path("alerts")) {
            if (n.path("id").asText().equals(id)) {
                return n.path("acknowledgedBy").asText("");
            }
        }
        return "";
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(db), Postgres.USER, "");
                PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Keys of the webhook notifications claimed by a replica and not settled. Its lease may have run out: while
     * every delivery thread hangs on the receiver nobody claims them again.
     */
    private static Set<String> claimedBy(String db, String replicaName) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(db), Postgres.USER, "");
                PreparedStatement s = c.prepareStatement("SELECT id FROM alert_outbox WHERE channel = 'webhook' "
                        + "AND state = 'pending' AND claimed_by LIKE ?")) {
            s.setString(1, replicaName + "-%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }
}
