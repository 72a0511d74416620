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
package dev.azof;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the two halves of the connector apart (see the style guide, "Layout"): the format core
 * ({@code dev.azof.core}) uses Flink's data classes and its Parquet format library but none of
 * Flink's runtime APIs (sources, sinks, operators, state, table factories, catalogs) and nothing
 * of the Flink glue; the glue ({@code dev.azof.flink}) reads and writes Parquet only through the
 * core.
 *
 * <p>A plain scan of the source files: every package or type name a file mentions outside
 * comments (imports, static imports and fully qualified names in code) counts.
 */
class ArchitectureTest {

    /** Packages the core must not use, as name prefixes. */
    private static final List<String> FORBIDDEN_IN_CORE =
            List.of(
                    "org.apache.flink.api.connector.source.",
                    "org.apache.flink.api.connector.sink2.",
                    "org.apache.flink.streaming.",
                    "org.apache.flink.table.connector.",
                    "org.apache.flink.table.factories.",
                    "org.apache.flink.table.catalog.",
                    "org.apache.flink.runtime.state.",
                    "org.apache.flink.connector.base.",
                    "dev.azof.flink.");

    /** Packages the Flink glue must not use: Parquet file I/O belongs to the core. */
    private static final List<String> FORBIDDEN_IN_FLINK =
            List.of("org.apache.parquet.", "org.apache.flink.formats.parquet.");

    private static final Pattern QUALIFIED_NAME =
            Pattern.compile("\\b(?:org|dev|com|java|javax)(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

    @Test
    void coreUsesNoFlinkRuntimeApiAndNoGlue() {
        assertThat(violations("dev/azof/core", FORBIDDEN_IN_CORE)).isEmpty();
    }

    @Test
    void flinkGlueDoesNoParquetFileIo() {
        assertThat(violations("dev/azof/flink", FORBIDDEN_IN_FLINK)).isEmpty();
    }

    /**
     * The core's packages depend on each other without cycles; in particular the commit protocol
     * ({@code core.commit}) builds on the writer ({@code core.write}) and never the other way
     * round.
     */
    @Test
    void corePackagesFormNoCycle() {
        Map<String, Set<String>> graph = corePackageGraph();
        assertThat(graph.getOrDefault("dev.azof.core.write", Set.of()))
                .as("core.write must not use core.commit: commits are published by core.commit")
                .doesNotContain("dev.azof.core.commit");
        assertThat(cycle(graph)).as("a cycle among the core's packages").isEmpty();
    }

    /**
     * Publishing lives in one place: only {@code core.commit} writes snapshots and the pointer
     * (through {@code SnapshotPublisher}, on the per-store seam {@code core.fs.MetadataWrites}).
     */
    @Test
    void onlyTheCommitPackagePublishes() {
        List<String> out = new ArrayList<>();
        for (Path file : javaFiles("dev/azof")) {
            String pkg = packageOf(file);
            for (String name : referencedNames(read(file))) {
                boolean publisher = name.startsWith("dev.azof.core.commit.SnapshotPublisher");
                boolean seam = name.startsWith("dev.azof.core.fs.MetadataWrites")
                        || name.startsWith("dev.azof.core.fs.MetadataStores");
                if ((publisher || seam)
                        && !pkg.equals("dev.azof.core.commit")
                        && !(seam && pkg.equals("dev.azof.core.fs"))) {
                    out.add(sourceRoot().relativize(file) + " uses " + name);
                }
            }
        }
        assertThat(out).isEmpty();
    }

    @Test
    void cycleFinderFindsCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        graph.put("c", Set.of());
        assertThat(cycle(graph)).isEmpty();
    }

    @Test
    void scannerSeesImportsAndQualifiedNamesButNotComments() {
        String source =
                "package dev.azof.core.x;\n"
                        + "import org.apache.flink.streaming.api.Foo;\n"
                        + "import static dev.azof.flink.table.AzofOptions.PATH;\n"
                        + "/* org.apache.flink.table.catalog.Catalog in a comment */\n"
                        + "// org.apache.flink.runtime.state.Bar in a comment\n"
                        + "class X { Object o = new org.apache.parquet.Y(); }\n";
        assertThat(referencedNames(source))
                .contains(
                        "org.apache.flink.streaming.api.Foo",
                        "dev.azof.flink.table.AzofOptions.PATH",
                        "org.apache.parquet.Y")
                .noneMatch(n -> n.startsWith("org.apache.flink.table.catalog"))
                .noneMatch(n -> n.startsWith("org.apache.flink.runtime.state"));
    }

    @Test
    void bothHalvesHaveSources() {
        assertThat(javaFiles("dev/azof/core")).hasSizeGreaterThan(10);
        assertThat(javaFiles("dev/azof/flink")).hasSizeGreaterThan(5);
    }

    /** Package -> the other core packages its files name. */
    private static Map<String, Set<String>> corePackageGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path file : javaFiles("dev/azof/core")) {
            String pkg = packageOf(file);
            Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
            for (String name : referencedNames(read(file))) {
                if (name.startsWith("dev.azof.core.")) {
                    String used = packageOfName(name);
                    if (!used.equals(pkg)) {
                        uses.add(used);
                    }
                }
            }
        }
        return graph;
    }

    /** A cycle in the graph as a path that ends where it starts, or an empty list. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // 1: on the path, 2: done
        Deque<String> path = new ArrayDeque<>();
        for (String start : graph.keySet()) {
            List<String> found = cycleFrom(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(
            String node, Map<String, Set<String>> graph, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> onPath = new ArrayList<>(path);
            Collections.reverse(onPath); // the deque is used as a stack
            List<String> out = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
            out.add(node);
            return out;
        }
        state.put(node, 1);
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = cycleFrom(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.pop();
        state.put(node, 2);
        return List.of();
    }

    private static String packageOf(Path file) {
        return sourceRoot().relativize(file.getParent()).toString().replace(java.io.File.separatorChar, '.');
    }

    /** The package part of a qualified name: the segments before the first capitalized one. */
    private static String packageOfName(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String packageDir, List<String> forbidden) {
        List<String> out = new ArrayList<>();
        for (Path file : javaFiles(packageDir)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String name : referencedNames(text)) {
                for (String prefix : forbidden) {
                    if ((name + ".").startsWith(prefix)) {
                        out.add(sourceRoot().relativize(file) + " uses " + name);
                    }
                }
            }
        }
        return out;
    }

    /** Dotted names mentioned in code, with comments removed (string literals are kept). */
    static List<String> referencedNames(String source) {
        String code =
                source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
        List<String> names = new ArrayList<>();
        Matcher m = QUALIFIED_NAME.matcher(code);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static List<Path> javaFiles(String packageDir) {
        Path dir = sourceRoot().resolve(packageDir);
        assertThat(dir).as("source directory").isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sourceRoot() {
        // Surefire sets "basedir" to the module directory; an IDE usually runs there too.
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return Paths.get(base, "src", "main", "java");
    }
}
