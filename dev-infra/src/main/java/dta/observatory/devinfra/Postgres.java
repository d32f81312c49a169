package dta.observatory.devinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server process (zonky's binaries from Maven Central; as root it runs itself in a user namespace)
 * on 127.0.0.1. Data survives stop/start when the same data directory is given.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server on {@code port} (0: a free one) keeping its data in {@code dataDir}. */
    public static Postgres start(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return new Postgres(builder.start());
    }

    public int port() {
        return server.getPort();
    }

    /** A JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''")
                    + "'");
            if (!exists.next()) {
                s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
