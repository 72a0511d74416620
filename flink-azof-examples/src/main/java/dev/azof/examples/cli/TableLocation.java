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

package dev.azof.examples.cli;

import dev.azof.core.fs.Containment;
import dev.azof.core.fs.FileOperations;

import org.apache.flink.core.fs.Path;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;

/**
 * The {@code --path} and {@code --table} options shared by the commands that read one table, and
 * the {@code -D} flags: the warehouse is a local directory or a URI of a Flink file system
 * ({@code s3://bucket/warehouse}, {@code hdfs://namenode/warehouse}).
 */
final class TableLocation {

    @Option(
            names = {"-p", "--path"},
            required = true,
            paramLabel = "WAREHOUSE",
            description =
                    "The warehouse that holds the table directories: a local directory or a URI"
                            + " such as s3://bucket/warehouse.")
    String path;

    @Option(
            names = {"-t", "--table"},
            required = true,
            paramLabel = "TABLE",
            description = "The table name: a sub-directory of the warehouse.")
    String table;

    @Mixin FlinkConfigOption flinkConfig;

    /**
     * Initializes file systems from the {@code -D} flags and returns the table directory, failing
     * with a clear message when it does not exist.
     */
    Path tableDir() {
        flinkConfig.initializeFileSystems();
        if (table.isBlank() || table.contains("/") || table.contains("\\") || table.equals("..")) {
            throw new CliException("invalid table name '" + table + "': expected a directory name");
        }
        Path warehouse = Warehouses.parse(path);
        Path dir = new Path(warehouse, table);
        if (!FileOperations.isLocal(warehouse)) {
            // On an object store a directory is only a prefix: the table's own files say whether
            // it exists (reading it fails naming the missing version pointer).
            return dir;
        }
        java.nio.file.Path localWarehouse = FileOperations.local(warehouse);
        if (!Files.isDirectory(localWarehouse)) {
            throw new CliException("warehouse directory not found: " + path);
        }
        // A table directory that links outside the warehouse is refused (never read nor changed).
        String escape = Containment.escape(warehouse, dir);
        if (escape != null) {
            throw new CliException(
                    "table '" + table + "': " + FileOperations.local(dir) + " " + escape);
        }
        java.nio.file.Path localDir = FileOperations.local(dir);
        if (!Files.isDirectory(localDir)) {
            throw new CliException("table '" + table + "' not found: no directory " + localDir);
        }
        // Plain local paths, so that plans and messages show paths as users typed them.
        return new Path(localDir.toString());
    }
}
