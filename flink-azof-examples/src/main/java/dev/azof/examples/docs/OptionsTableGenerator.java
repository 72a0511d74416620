/*
 * Copyright 2026 The flink-azof Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.azof.examples.docs;

import dev.azof.flink.table.AzofOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the options table of the documentation from {@link AzofOptions}, the one source of
 * truth: every option of {@link AzofOptions#all()}, in that order, with its key, default, type and
 * description. The table lives between the markers {@value #START} and {@value #END} in {@link
 * #DOCS} (relative to the repository root); {@code OptionsTableGeneratorTest} fails when a file's
 * table is stale or an option has no description.
 *
 * <p>Refresh the tables after changing an option, from the repository root: {@code mvn -q -B -pl
 * flink-azof-examples -am test-compile exec:java@docs}.
 */
public final class OptionsTableGenerator {

    public static final String START = "<!-- options:start -->";
    public static final String END = "<!-- options:end -->";

    /** The files that hold the generated table. */
    public static final List<String> DOCS = List.of("README.md", "docs/connector.md");

    private OptionsTableGenerator() {}

    /** Rewrites the tables in the files of {@link #DOCS} below the given root (default "."). */
    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        for (String doc : DOCS) {
            Path file = root.resolve(doc);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String updated = replaceTable(text, table());
            if (!updated.equals(text)) {
                Files.writeString(file, updated, StandardCharsets.UTF_8);
                System.err.println("updated the options table of " + file);
            } else {
                System.err.println("the options table of " + file + " is up to date");
            }
        }
    }

    /** The Markdown table of every option. */
    public static String table() {
        Map<ConfigOption<?>, Type> types = declaredTypes();
        StringBuilder sb = new StringBuilder();
        sb.append("| Option | Default | Type | Description |\n");
        sb.append("|---|---|---|---|\n");
        for (ConfigOption<?> option : AzofOptions.all()) {
            String description = new HtmlFormatter().format(option.description()).trim();
            if (description.isEmpty()) {
                throw new IllegalStateException("option '" + option.key() + "' has no description");
            }
            sb.append("| `")
                    .append(option.key())
                    .append("` | ")
                    .append(option.hasDefaultValue() ? "`" + defaultText(option.defaultValue()) + "`" : "(none)")
                    .append(" | ")
                    .append(typeName(types.get(option)))
                    .append(" | ")
                    .append(cell(description))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The table between the markers of {@code text}, or null when there are no markers. */
    public static String tableIn(String text) {
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            return null;
        }
        return text.substring(start + START.length(), end).strip() + "\n";
    }

    /** {@code text} with the part between the markers replaced by {@code table}. */
    public static String replaceTable(String text, String table) {
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no " + START + " ... " + END + " markers");
        }
        return text.substring(0, start + START.length()) + "\n" + table + text.substring(end);
    }

    /** The value type of each option declared as a field of {@link AzofOptions}. */
    static Map<ConfigOption<?>, Type> declaredTypes() {
        Map<ConfigOption<?>, Type> out = new HashMap<>();
        for (Field f : AzofOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    Type t = f.getGenericType();
                    out.put(
                            (ConfigOption<?>) f.get(null),
                            t instanceof ParameterizedType
                                    ? ((ParameterizedType) t).getActualTypeArguments()[0]
                                    : null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    private static String typeName(Type type) {
        if (!(type instanceof Class)) {
            return type == null ? "" : type.getTypeName();
        }
        Class<?> c = (Class<?>) type;
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                values.add("`" + constant.toString().toLowerCase(Locale.ROOT) + "`");
            }
            return "Enum: " + String.join(", ", values);
        }
        return c.getSimpleName();
    }

    private static String defaultText(Object value) {
        if (value instanceof Enum) {
            return value.toString().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Duration) {
            return ((Duration) value).toMillis() + " ms";
        }
        return String.valueOf(value);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", "<br>");
    }
}
