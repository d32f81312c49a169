package dta.observatory.alert.cluster;

import dta.observatory.devinfra.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL server for the cluster tests of this JVM (started on first use, stopped at exit), and a
 * fresh database per test with the service's own Flyway migrations applied.
 */
final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Postgres server;

    private TestDatabase() {
    }

    static synchronized Postgres server() throws IOException {
        if (server == null) {
            Path dir = Files.createTempDirectory("alert-pg-test");
            server = Postgres.start(dir, 0);
            Postgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return server;
    }

    /** A new, migrated database. */
    static DataSource fresh() throws IOException, SQLException {
        Postgres pg = server();
        String name = "alert_test_" + COUNTER.incrementAndGet();
        pg.createDatabase(name);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl(name));
        ds.setUser(Postgres.USER);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/alert").table("alert_schema_history")
                .load().migrate();
        return ds;
    }
}
