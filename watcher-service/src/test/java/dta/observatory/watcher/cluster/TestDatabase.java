package dta.observatory.watcher.cluster;

import dta.observatory.devinfra.Postgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A real PostgreSQL with the watcher schema, for the repository tests (one server per test class). */
final class TestDatabase implements AutoCloseable {

    private final Postgres server;
    final DataSource dataSource;

    private TestDatabase(Postgres server, DataSource dataSource) {
        this.server = server;
        this.dataSource = dataSource;
    }

    static TestDatabase start() throws IOException, SQLException {
        Postgres server = Postgres.start(Files.createTempDirectory("watcher-pg"), 0);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.jdbcUrl("postgres"));
        ds.setUser(Postgres.USER);
        try (InputStream in = TestDatabase.class.getResourceAsStream("/db/migration/watcher/V1__watcher_cluster.sql");
                Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8)); // the migration Flyway runs
        }
        return new TestDatabase(server, ds);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

}
