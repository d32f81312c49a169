package dta.observatory.devinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the engines of cluster mode for a local run ({@code ./run-cluster}): one Kafka broker (KRaft) and one
 * PostgreSQL server with the databases the services use, until SIGTERM. Prints {@value #READY} when both accept
 * connections.
 *
 * <p>Arguments: {@code <data-dir> <kafka-port> <kafka-controller-port> <postgres-port> <database>...}
 */
public final class DevInfra {

    static final String READY = "DEV-INFRA READY";

    private DevInfra() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: DevInfra <data-dir> <kafka-port> <kafka-controller-port> <postgres-port>"
                    + " [database...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir.resolve("kafka"));
        KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        kafka.start();
        Postgres postgres = Postgres.start(dir.resolve("postgres"), Integer.parseInt(args[3]));
        for (int i = 4; i < args.length; i++) {
            postgres.createDatabase(args[i]);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            }
            stopped.countDown();
        }, "dev-infra-stop"));
        System.out.println(READY + " kafka=" + kafka.bootstrapServers() + " postgres=" + postgres.jdbcUrl("<db>"));
        stopped.await();
    }
}
