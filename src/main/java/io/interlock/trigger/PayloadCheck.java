package io.interlock.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the platform's request envelope before any policy sees it: the trigger, and the type
 * of every field seed 000 documents, so a policy can rely on {@code ctx} having that shape.
 * Unknown fields are tolerated (the platform adds fields); JSON null counts as absent for
 * optional fields.
 */
public final class PayloadCheck {

    enum Type { STRING, BOOLEAN, OBJECT, ARRAY, STRING_ARRAY, OBJECT_ARRAY }

    /** {@code parts}: the path split at its dots, once, since every call checks every field. */
    record Field(String path, String[] parts, Type type, boolean required) {
        Field(String path, Type type, boolean required) {
            this(path, path.split("\\."), type, required);
        }
    }

    private static final List<Field> COMMON = List.of(
            optional("display_name", Type.STRING),
            required("interceptor_context", Type.OBJECT),
            optional("interceptor_context.environment_id", Type.STRING),
            optional("interceptor_context.user_id", Type.STRING),
            optional("interceptor_context.user_agent", Type.STRING),
            optional("interceptor_context.device_type", Type.STRING),
            optional("interceptor_context.ip_address", Type.STRING),
            optional("interceptor_context.region", Type.STRING),
            optional("interceptor_context.city", Type.STRING),
            optional("interceptor_context.triggered_at", Type.STRING),
            optional("data", Type.OBJECT));

    private static final List<Field> USER = List.of(
            optional("interceptor_context.connection_details", Type.OBJECT_ARRAY),
            optional("data.user", Type.OBJECT),
            optional("data.user.id", Type.STRING),
            optional("data.user.email", Type.STRING),
            optional("data.user.email_verified", Type.BOOLEAN),
            optional("data.user.metadata", Type.OBJECT),
            optional("data.user.memberships", Type.OBJECT_ARRAY));

    private static final Map<Trigger, List<Field>> SPECIFIC = Map.of(
            Trigger.PRE_SIGNUP, concat(USER, List.of(
                    required("interceptor_context.user_email", Type.STRING),
                    optional("interceptor_context.auth_request", Type.OBJECT))),
            Trigger.PRE_SESSION_CREATION, concat(USER, List.of(
                    required("interceptor_context.user_email", Type.STRING),
                    optional("interceptor_context.organization_id", Type.STRING))),
            Trigger.PRE_USER_INVITATION, List.of(
                    required("interceptor_context.user_email", Type.STRING),
                    optional("interceptor_context.organization_id", Type.STRING),
                    optional("data.organization", Type.OBJECT),
                    optional("data.organization.id", Type.STRING),
                    optional("data.organization.name", Type.STRING)),
            Trigger.PRE_M2M_TOKEN_CREATION, List.of(
                    required("interceptor_context.client_id", Type.STRING),
                    required("data", Type.OBJECT),
                    required("data.m2m_token_claims", Type.OBJECT),
                    optional("data.m2m_token_claims.client_id", Type.STRING),
                    optional("data.m2m_token_claims.claims", Type.OBJECT),
                    optional("data.m2m_token_claims.claims.scope", Type.STRING),
                    optional("data.m2m_token_claims.claims.scopes", Type.STRING_ARRAY),
                    optional("data.m2m_token_claims.claims.custom_claims", Type.OBJECT)));

    /** Per trigger, the common fields followed by its own. */
    private static final Map<Trigger, List<Field>> FIELDS = fieldsByTrigger();

    private PayloadCheck() {}

    private static Map<Trigger, List<Field>> fieldsByTrigger() {
        Map<Trigger, List<Field>> fields = new EnumMap<>(Trigger.class);
        SPECIFIC.forEach((trigger, specific) -> fields.put(trigger, List.copyOf(concat(COMMON, specific))));
        return fields;
    }

    /** The trigger named by {@code trigger_point}, or the reason it can't be used. */
    public static Result<Trigger> trigger(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return Result.error("body: must be a JSON object");
        }
        JsonNode point = payload.get("trigger_point");
        if (point == null || point.isNull()) {
            return Result.error("trigger_point: required");
        }
        if (!point.isTextual()) {
            return Result.error("trigger_point: must be a string");
        }
        return Trigger.fromWire(point.asText()).map(Result::ok)
                .orElseGet(() -> Result.error("trigger_point: unsupported trigger '" + clip(point.asText())
                        + "' (supported: PRE_SIGNUP, PRE_SESSION_CREATION, PRE_USER_INVITATION, PRE_M2M_TOKEN_CREATION)"));
    }

    /** Every problem with the fields {@code trigger} relies on, each naming the field. */
    public static List<String> problems(Trigger trigger, JsonNode payload) {
        List<String> problems = new ArrayList<>();
        for (Field field : FIELDS.get(trigger)) {
            check(field, payload, problems);
        }
        return problems;
    }

    private static void check(Field field, JsonNode payload, List<String> problems) {
        Optional<JsonNode> value = at(payload, field.parts(), field.parts().length);
        if (value.isEmpty() || value.get().isNull()) {
            if (field.required() && parentPresent(payload, field.parts())) {
                problems.add(field.path() + ": required");
            }
            return;
        }
        if (!matches(field.type(), value.get())) {
            problems.add(field.path() + ": must be " + describe(field.type()));
        }
    }

    private static boolean parentPresent(JsonNode payload, String[] parts) {
        return parts.length == 1 || at(payload, parts, parts.length - 1).filter(JsonNode::isObject).isPresent();
    }

    /** The node at the first {@code depth} parts of a path. */
    private static Optional<JsonNode> at(JsonNode payload, String[] parts, int depth) {
        JsonNode node = payload;
        for (int i = 0; i < depth; i++) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(parts[i]);
        }
        return Optional.ofNullable(node);
    }

    private static boolean matches(Type type, JsonNode value) {
        return switch (type) {
            case STRING -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case OBJECT -> value.isObject();
            case ARRAY -> value.isArray();
            case STRING_ARRAY -> value.isArray() && all(value, JsonNode::isTextual);
            case OBJECT_ARRAY -> value.isArray() && all(value, JsonNode::isObject);
        };
    }

    private static boolean all(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (!test.test(item)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Type type) {
        return switch (type) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING_ARRAY -> "an array of strings";
            case OBJECT_ARRAY -> "an array of objects";
        };
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static Field required(String path, Type type) {
        return new Field(path, type, true);
    }

    private static Field optional(String path, Type type) {
        return new Field(path, type, false);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A value or the one-line reason there is none. */
    public record Result<T>(Optional<T> value, Optional<String> error) {
        static <T> Result<T> ok(T value) {
            return new Result<>(Optional.of(value), Optional.empty());
        }

        static <T> Result<T> error(String message) {
            return new Result<>(Optional.empty(), Optional.of(message));
        }
    }
}
