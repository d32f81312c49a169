package dta.observatory.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize} (offline) and parses every object into fabric8's models. */
final class Kubectl {

    private static final Map<Path, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private Kubectl() {
    }

    /** The objects {@code kubectl kustomize dir} renders, each as its typed model (CRDs as generic resources). */
    static List<HasMetadata> kustomize(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> parse(run(d)));
    }

    /** Parses multi-document YAML, one typed object per document. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalArgumentException("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return objects;
    }

    private static String run(Path dir) {
        // $KUBECTL names another binary (a pinned download in CI); the default is whatever `kubectl` PATH finds.
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        ProcessBuilder builder = new ProcessBuilder(kubectl, "kustomize", dir.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(kubectl + " cannot be run (" + e.getMessage() + "). The manifest tests render "
                    + "k8s/ with `kubectl kustomize`: install kubectl >= 1.27 (its built-in kustomize v5), e.g. as "
                    + ".ci/run does, and run again.", e);
        }
        try {
            process.getOutputStream().close();
            // Read both streams fully before waiting: a large render would otherwise block on a full pipe.
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                        + "):\n" + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted rendering " + dir, e);
        }
    }

    /** Parses one YAML file of the repository (for checks on the sources, before kustomize rewrites them). */
    static List<HasMetadata> parseFile(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("reading " + file, e);
        }
    }
}
