package dta.observatory.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks custom resources against the OpenAPI v3 schema their CustomResourceDefinition publishes, the structural part
 * the API server enforces: types, known fields (the API server prunes unknown ones silently, so a typo would vanish
 * instead of failing), required fields, enums, numeric bounds, string patterns and lengths, list sizes, and the
 * oneOf/anyOf/allOf value validations. Not evaluated: CEL rules ({@code x-kubernetes-validations}), formats, defaults.
 */
final class CrdSchema {

    /** Fields every embedded resource and every custom resource's root carries, whatever its schema lists. */
    private static final Set<String> OBJECT_HEADER = Set.of("apiVersion", "kind", "metadata");

    private final Map<String, CustomResourceDefinition> byGroupKind;

    private CrdSchema(Map<String, CustomResourceDefinition> byGroupKind) {
        this.byGroupKind = byGroupKind;
    }

    /** Every CustomResourceDefinition in the YAML files of a directory. */
    static CrdSchema load(Path dir) {
        Map<String, CustomResourceDefinition> crds = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (HasMetadata object : Kubectl.parse(Files.readString(file))) {
                    if (object instanceof CustomResourceDefinition crd) {
                        crds.put(crd.getSpec().getGroup() + "/" + crd.getSpec().getNames().getKind(), crd);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading CRDs in " + dir, e);
        }
        return new CrdSchema(crds);
    }

    /** Whether a CRD for this resource's group and kind is loaded. */
    boolean knows(GenericKubernetesResource resource) {
        return byGroupKind.containsKey(group(resource) + "/" + resource.getKind());
    }

    /** Every violation of the resource's schema, each as "path: problem"; empty if it is valid. */
    List<String> validate(GenericKubernetesResource resource) {
        String what = resource.getKind() + "/" + resource.getMetadata().getName();
        CustomResourceDefinition crd = byGroupKind.get(group(resource) + "/" + resource.getKind());
        if (crd == null) {
            return List.of(what + ": no CRD for " + resource.getApiVersion() + " " + resource.getKind());
        }
        String version = resource.getApiVersion().substring(resource.getApiVersion().indexOf('/') + 1);
        CustomResourceDefinitionVersion served = crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(version) && Boolean.TRUE.equals(v.getServed())).findFirst().orElse(null);
        if (served == null) {
            return List.of(what + ": " + crd.getMetadata().getName() + " serves no version " + version);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Serialization.jsonMapper().convertValue(resource, Map.class);
        List<String> errors = new ArrayList<>();
        check(served.getSchema().getOpenAPIV3Schema(), tree, what, true, true, errors);
        return errors;
    }

    private static String group(GenericKubernetesResource resource) {
        String apiVersion = resource.getApiVersion();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    /**
     * @param structural whether this schema defines structure (false inside oneOf/anyOf/allOf, whose schemas only add
     *                   value validations and name no fields of their own)
     */
    private static void check(JSONSchemaProps schema, Object value, String path, boolean structural, boolean root,
                              List<String> errors) {
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.getNullable()) && schema.getType() != null) {
                errors.add(path + ": null where " + schema.getType() + " is expected");
            }
            return;
        }
        boolean intOrString = Boolean.TRUE.equals(schema.getXKubernetesIntOrString());
        if (intOrString) {
            if (!(value instanceof String) && !isInteger(value)) {
                errors.add(path + ": " + describe(value) + " where an integer or a string is expected");
                return;
            }
        } else if (schema.getType() != null && !hasType(schema.getType(), value)) {
            errors.add(path + ": " + describe(value) + " where " + schema.getType() + " is expected");
            return;
        }
        checkValue(schema, value, path, errors);

        if (value instanceof Map<?, ?> map) {
            checkObject(schema, map, path, structural, root, errors);
        } else if (value instanceof List<?> list) {
            if (schema.getMinItems() != null && list.size() < schema.getMinItems()) {
                errors.add(path + ": " + list.size() + " items, fewer than " + schema.getMinItems());
            }
            if (schema.getMaxItems() != null && list.size() > schema.getMaxItems()) {
                errors.add(path + ": " + list.size() + " items, more than " + schema.getMaxItems());
            }
            JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
            if (items != null) {
                for (int i = 0; i < list.size(); i++) {
                    check(items, list.get(i), path + "[" + i + "]", structural, false, errors);
                }
            }
        }
        checkJunctors(schema, value, path, errors);
    }

    private static void checkObject(JSONSchemaProps schema, Map<?, ?> map, String path, boolean structural, boolean root,
                                    List<String> errors) {
        for (String required : Objects.requireNonNullElse(schema.getRequired(), List.<String>of())) {
            if (!map.containsKey(required)) {
                errors.add(path + ": required field " + required + " is missing");
            }
        }
        boolean embedded = root || Boolean.TRUE.equals(schema.getXKubernetesEmbeddedResource());
        boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        Map<String, JSONSchemaProps> properties = Objects.requireNonNullElse(schema.getProperties(), Map.of());
        JSONSchemaProps additional = schema.getAdditionalProperties() == null ? null
                : schema.getAdditionalProperties().getSchema();
        boolean additionalAllowed = schema.getAdditionalProperties() != null
                && (additional != null || Boolean.TRUE.equals(schema.getAdditionalProperties().getAllows()));
        for (var entry : map.entrySet()) {
            String field = String.valueOf(entry.getKey());
            String fieldPath = path + "." + field;
            JSONSchemaProps fieldSchema = properties.get(field);
            if (fieldSchema != null) {
                // Metadata of an (embedded) object is the API server's, not the CRD's: its schema is just `object`.
                boolean metadata = embedded && field.equals("metadata");
                if (!metadata) {
                    check(fieldSchema, entry.getValue(), fieldPath, structural, false, errors);
                }
            } else if (additional != null) {
                check(additional, entry.getValue(), fieldPath, structural, false, errors);
            } else if (structural && !preserve && !additionalAllowed && !(embedded && OBJECT_HEADER.contains(field))) {
                errors.add(fieldPath + ": unknown field (the API server would drop it)");
            }
        }
    }

    private static void checkValue(JSONSchemaProps schema, Object value, String path, List<String> errors) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()
                && schema.getEnum().stream().noneMatch(e -> sameValue(e, value))) {
            errors.add(path + ": " + describe(value) + " is none of " + schema.getEnum());
        }
        if (value instanceof Number number) {
            double n = number.doubleValue();
            if (schema.getMinimum() != null && (n < schema.getMinimum()
                    || (Boolean.TRUE.equals(schema.getExclusiveMinimum()) && n == schema.getMinimum()))) {
                errors.add(path + ": " + number + " is below the minimum " + schema.getMinimum());
            }
            if (schema.getMaximum() != null && (n > schema.getMaximum()
                    || (Boolean.TRUE.equals(schema.getExclusiveMaximum()) && n == schema.getMaximum()))) {
                errors.add(path + ": " + number + " is above the maximum " + schema.getMaximum());
            }
        }
        if (value instanceof String text) {
            if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
                errors.add(path + ": \"" + text + "\" does not match " + schema.getPattern());
            }
            if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
                errors.add(path + ": \"" + text + "\" is shorter than " + schema.getMinLength());
            }
            if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
                errors.add(path + ": \"" + text + "\" is longer than " + schema.getMaxLength());
            }
        }
    }

    private static void checkJunctors(JSONSchemaProps schema, Object value, String path, List<String> errors) {
        for (JSONSchemaProps all : Objects.requireNonNullElse(schema.getAllOf(), List.<JSONSchemaProps>of())) {
            check(all, value, path, false, false, errors);
        }
        List<JSONSchemaProps> anyOf = Objects.requireNonNullElse(schema.getAnyOf(), List.of());
        if (!anyOf.isEmpty() && anyOf.stream().noneMatch(s -> valid(s, value, path))) {
            errors.add(path + ": matches none of the anyOf schemas");
        }
        List<JSONSchemaProps> oneOf = Objects.requireNonNullElse(schema.getOneOf(), List.of());
        if (!oneOf.isEmpty()) {
            long matching = oneOf.stream().filter(s -> valid(s, value, path)).count();
            if (matching != 1) {
                errors.add(path + ": matches " + matching + " of the oneOf schemas, not exactly one");
            }
        }
    }

    private static boolean valid(JSONSchemaProps schema, Object value, String path) {
        List<String> errors = new ArrayList<>();
        check(schema, value, path, false, false, errors);
        return errors.isEmpty();
    }

    private static boolean hasType(String type, Object value) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> isInteger(value);
            case "number" -> value instanceof Number;
            default -> throw new IllegalArgumentException("unknown schema type " + type);
        };
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte;
    }

    private static boolean sameValue(JsonNode allowed, Object value) {
        if (allowed.isTextual()) {
            return allowed.asText().equals(value);
        }
        return !(value instanceof String) && allowed.toString().equals(String.valueOf(value));
    }

    private static String describe(Object value) {
        String type = value instanceof Map ? "an object" : value instanceof List ? "a list"
                : value instanceof String ? "the string" : "the " + value.getClass().getSimpleName().toLowerCase();
        return value instanceof Map || value instanceof List ? type : type + " " + value;
    }
}
