package dta.observatory.devinfra;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside this JVM, on 127.0.0.1 (no Docker on these
 * machines). Kafka-internal APIs, kept behind this one class. Stop and start again keep the data and ports; a
 * directory formatted before is reused as it is.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Kept referenced: java.util.logging forgets the level of a logger nobody holds. */
    private static final java.util.logging.Logger[] QUIET = {
        java.util.logging.Logger.getLogger("org.apache.kafka"), java.util.logging.Logger.getLogger("kafka"),
        java.util.logging.Logger.getLogger("state.change.logger")};

    static {
        for (java.util.logging.Logger l : QUIET) {
            l.setLevel(java.util.logging.Level.WARNING); // the broker and clients log every config key at INFO
        }
    }

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /** A broker on free ports with its data in {@code dir}. */
    public KafkaBroker(Path dir) throws Exception {
        this(dir, 0, 0);
    }

    /** A broker on {@code port} and {@code controllerPort} (0: a free one) with its data in {@code dir}. */
    public KafkaBroker(Path dir, int port, int controllerPort) throws Exception {
        this.dir = dir;
        this.port = port > 0 ? port : freePort();
        this.controllerPort = controllerPort > 0 ? controllerPort : freePort();
        if (Files.exists(dir.resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its data
        }
        new Formatter().setPrintStream(System.out).setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dir.toString())).setMetadataLogDirectory(dir.toString())
                .setControllerListenerName("CONTROLLER").setReleaseVersion(MetadataVersion.LATEST_PRODUCTION).run();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        server.startup();
    }

    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
