package dta.observatory.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's configuration as its {@code src/main/resources/application.properties} declares it: the keys it sets,
 * plus keys it documents commented out ({@code # dta.alert.webhook.url=}), profile prefixes ({@code %test.}) removed.
 */
record ServiceConfig(String module, Map<String, String> values, Set<String> keys) {

    /** The four services, in the order the manifests list them. */
    static final List<String> MODULES = List.of("store-service", "ingest-service", "watcher-service", "alert-service");

    /** Quarkus runtime keys the manifests set that no service needs to list (they only matter in a cluster). */
    static final Set<String> QUARKUS_KEYS_SET_BY_KUBERNETES = Set.of("quarkus.shutdown.timeout");

    /**
     * A datasource's connection: per installation (a database URL, credentials from a Secret), so a service lists the
     * datasource ({@code quarkus.datasource.db-kind}) but not these. Accepted for services that declare a datasource.
     */
    static final Set<String> DATASOURCE_CONNECTION_KEYS = Set.of(
            "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password");

    private static final Pattern COMMENTED_KEY = Pattern.compile("^#\\s*([a-z][a-z0-9.\\-\"]*)\\s*=");
    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

    static ServiceConfig load(Path repoRoot, String module) {
        Path file = repoRoot.resolve(module).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        List<String> lines;
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException("reading " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            String key = PROFILE.matcher(name).replaceFirst("");
            keys.add(key);
            if (!name.startsWith("%")) {
                values.put(key, properties.getProperty(name));
            }
        }
        for (String line : lines) {
            Matcher m = COMMENTED_KEY.matcher(line.strip());
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return new ServiceConfig(module, values, keys);
    }

    int httpPort() {
        return Integer.parseInt(require("quarkus.http.port"));
    }

    String applicationName() {
        return require("quarkus.application.name");
    }

    String require(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException(module + " application.properties has no " + key);
        }
        return value;
    }

    /** Whether an environment variable name sets one of this service's keys (or an allow-listed one). */
    boolean acceptsEnv(String envName) {
        return keyForEnv(envName) != null;
    }

    /** The configuration key an environment variable sets, or null if none this service knows. */
    String keyForEnv(String envName) {
        Set<String> candidates = new TreeSet<>(keys);
        candidates.addAll(QUARKUS_KEYS_SET_BY_KUBERNETES);
        if (candidates.contains("quarkus.datasource.db-kind")) {
            candidates.addAll(DATASOURCE_CONNECTION_KEYS);
        }
        for (String key : candidates) {
            if (toEnv(key).equals(envName)) {
                return key;
            }
        }
        return null;
    }

    /**
     * MicroProfile Config's environment name of a key: every character other than a letter or digit becomes
     * {@code _}, the rest is upper-cased ({@code dta.watcher.eval-interval} → {@code DTA_WATCHER_EVAL_INTERVAL}).
     */
    static String toEnv(String key) {
        StringBuilder env = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            env.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        return env.toString().toUpperCase(Locale.ROOT);
    }
}
