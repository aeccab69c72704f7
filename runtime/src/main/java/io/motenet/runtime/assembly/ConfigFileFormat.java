package io.motenet.runtime.assembly;

import java.util.List;
import java.util.Map;

/**
 * Writes configuration properties in the typed {@code .config} format that Felix FileInstall and Config Admin
 * read: {@code key="text"}, {@code key=L"5"}, {@code key=B"true"}, {@code key=D"1.5"}, {@code key=["a","b"]}.
 * Typed values matter: a DS component's {@code int mtu()} gets a number, not a string it must parse.
 */
final class ConfigFileFormat {

    private ConfigFileFormat() {}

    static String write(Map<String, Object> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((key, value) -> out.append(key).append('=').append(value(key, value)).append('\n'));
        return out.toString();
    }

    private static String value(String key, Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return "[]";
            }
            String type = prefix(key, list.getFirst());
            StringBuilder out = new StringBuilder(type).append('[');
            for (int i = 0; i < list.size(); i++) {
                if (!prefix(key, list.get(i)).equals(type)) {
                    throw new IllegalArgumentException("configuration key '" + key + "' mixes value types in one array");
                }
                out.append(i == 0 ? "" : ",").append(quote(String.valueOf(list.get(i))));
            }
            return out.append(']').toString();
        }
        return prefix(key, value) + quote(String.valueOf(value));
    }

    private static String prefix(String key, Object value) {
        return switch (value) {
            case String s -> "";
            case Integer i -> "L";
            case Long l -> "L";
            case Boolean b -> "B";
            case Double d -> "D";
            case null -> throw new IllegalArgumentException("configuration key '" + key + "' is null");
            default -> throw new IllegalArgumentException(
                    "configuration key '" + key + "' has a value of unsupported type " + value.getClass().getSimpleName());
        };
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
