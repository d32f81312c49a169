package dta.observatory.watcher.rulefiles;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dta.observatory.watcher.rules.RuleDocument;
import dta.observatory.watcher.rules.WatchRule;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules as code: every {@code *.yaml} / {@code *.yml} file of a directory (a Kubernetes ConfigMap mount works: its
 * files are symlinks that are followed). A file holds {@code rules:} followed by a list of rules in the REST JSON
 * form ({@link RuleDocument}). A broken rule or file is reported and skipped; the others load. Rules loaded from
 * files are read-only through the API.
 */
public final class RuleFiles {

    /** What a load found: rules by id with their source ("file:NAME"), problems, and a fingerprint of the files. */
    public record Loaded(Map<String, Map.Entry<WatchRule, String>> rules, List<String> problems, String fingerprint) {
    }

    private final Path dir;
    private final ObjectMapper yaml = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final ObjectMapper strict = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RuleFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** A digest of every rule file's name and content: a reload is due when it changes. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files()) {
                sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Loaded load() {
        String fingerprint = fingerprint();
        Map<String, Map.Entry<WatchRule, String>> rules = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try {
            files = files();
        } catch (IOException e) {
            return new Loaded(rules, List.of("rule directory " + dir + " is unreadable: " + e.getMessage()),
                    fingerprint);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            JsonNode root;
            try {
                root = yaml.readTree(f.toFile());
            } catch (IOException e) {
                problems.add(name + ": not valid YAML: " + firstLine(e.getMessage()));
                continue;
            }
            JsonNode list = root == null ? null : root.isArray() ? root : root.get("rules");
            if (list == null || !list.isArray()) {
                problems.add(name + ": expected 'rules:' followed by a list of rules");
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                String where = name + " rule " + (i + 1);
                try {
                    RuleDocument doc = strict.treeToValue(list.get(i), RuleDocument.class);
                    if (doc.id() == null || doc.id().isBlank()) {
                        throw new IllegalArgumentException("id is required in rule files");
                    }
                    WatchRule rule = doc.toRule(doc.id());
                    if (rules.containsKey(rule.id())) {
                        throw new IllegalArgumentException("id '" + rule.id() + "' is already used by "
                                + rules.get(rule.id()).getValue());
                    }
                    rules.put(rule.id(), new AbstractMap.SimpleImmutableEntry<>(rule, "file:" + name));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                } catch (IOException e) {
                    problems.add(where + ": " + firstLine(e.getMessage()));
                }
            }
        }
        return new Loaded(rules, problems, fingerprint);
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) { // follows ConfigMap symlinks; skips the ..data directory
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
