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
package dev.azof.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where one size's data lives under {@code target/bench-<size>}. */
public final class Workspace {

    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The plain Parquet copy of a history (DuckDB and Flink SQL read it). */
    public Path parquetHistory(String name) {
        return root.resolve("history").resolve(name);
    }

    /** The azof table of a history that the as-of reads use. */
    public Path azofTable(String name) {
        return root.resolve("azof").resolve(name);
    }

    public Path icebergWarehouse() {
        return root.resolve("iceberg-warehouse");
    }

    public Path paimonWarehouse() {
        return root.resolve("paimon-warehouse");
    }

    /** Scratch space of one ingest run. */
    public Path ingestRun(String system, int run) {
        return root.resolve("ingest").resolve(system).resolve("run-" + run);
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** Bytes of all regular files under {@code dir} whose names end with {@code suffix}. */
    public static long bytesUnder(Path dir, String suffix) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
