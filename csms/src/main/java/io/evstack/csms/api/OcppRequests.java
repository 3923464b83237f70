package io.evstack.csms.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.evstack.csms.CsmsException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * Checks an OCPP request read from an operator's JSON against the constraints the generated classes
 * carry from the OCA schemas ({@code @NotNull} for required, {@code @Size} for CiString lengths and
 * list sizes), nested objects and list elements included, so that an incomplete request is a 400
 * rather than a failure somewhere in the operation or at the charger. Jackson has already checked the
 * types, enum values and unknown fields.
 */
final class OcppRequests {
    private static final String MESSAGE_PACKAGE = "io.evstack.ocpp.v16";

    private OcppRequests() {}

    static <T> T validate(T request) {
        check(request, "");
        return request;
    }

    private static void check(Object value, String prefix) {
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                    continue;
                }
                String name = prefix + jsonName(f);
                Object v = get(f, value);
                if (v == null) {
                    if (f.isAnnotationPresent(NotNull.class)) {
                        throw CsmsException.badRequest("'" + name + "' is required");
                    }
                    continue;
                }
                checkSize(f.getAnnotation(Size.class), v, name);
                if (v instanceof Collection<?> items) {
                    Size elementSize = elementAnnotation(f.getAnnotatedType());
                    int i = 0;
                    for (Object item : items) {
                        String itemName = name + "[" + i++ + "]";
                        if (item == null) {
                            throw CsmsException.badRequest("'" + itemName + "' must not be null");
                        }
                        checkSize(elementSize, item, itemName);
                        if (isMessageObject(item)) {
                            check(item, itemName + ".");
                        }
                    }
                } else if (isMessageObject(v)) {
                    check(v, name + ".");
                }
            }
        }
    }

    private static void checkSize(Size size, Object v, String name) {
        if (size == null) {
            return;
        }
        int length;
        String unit;
        if (v instanceof CharSequence s) {
            length = s.length();
            unit = "characters";
        } else if (v instanceof Collection<?> items) {
            length = items.size();
            unit = "elements";
        } else if (v instanceof Map<?, ?> map) {
            length = map.size();
            unit = "entries";
        } else {
            return;
        }
        if (length < size.min() || length > size.max()) {
            String range = size.max() == Integer.MAX_VALUE ? "at least " + size.min()
                    : size.min() == 0 ? "at most " + size.max() : size.min() + " to " + size.max();
            throw CsmsException.badRequest("'" + name + "' must have " + range + " " + unit + ", not " + length);
        }
    }

    private static Size elementAnnotation(AnnotatedType type) {
        if (type instanceof AnnotatedParameterizedType p && p.getAnnotatedActualTypeArguments().length == 1) {
            return p.getAnnotatedActualTypeArguments()[0].getAnnotation(Size.class);
        }
        return null;
    }

    private static boolean isMessageObject(Object v) {
        Class<?> type = v.getClass();
        return !type.isEnum() && type.getPackageName().equals(MESSAGE_PACKAGE);
    }

    private static String jsonName(Field f) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : f.getName();
    }

    private static Object get(Field f, Object target) {
        try {
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + f, e);
        }
    }
}
