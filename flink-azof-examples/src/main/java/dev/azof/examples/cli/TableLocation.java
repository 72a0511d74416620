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

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --path} and {@code --table} options shared by the commands that read one table. */
final class TableLocation {

    @Option(
            names = {"-p", "--path"},
            required = true,
            paramLabel = "DIR",
            description = "The warehouse directory that holds the table directories.")
    Path path;

    @Option(
            names = {"-t", "--table"},
            required = true,
            paramLabel = "TABLE",
            description = "The table name: a sub-directory of the warehouse.")
    String table;

    /** Returns the table directory, failing with a clear message when it does not exist. */
    Path tableDir() {
        if (!Files.isDirectory(path)) {
            throw new CliException("warehouse directory not found: " + path);
        }
        if (table.isBlank() || table.contains("/") || table.contains("\\") || table.equals("..")) {
            throw new CliException("invalid table name '" + table + "': expected a directory name");
        }
        Path dir = path.resolve(table);
        // A table directory that links outside the warehouse is refused (never read nor changed).
        String escape =
                Containment.escape(
                        new org.apache.flink.core.fs.Path(path.toUri()),
                        new org.apache.flink.core.fs.Path(dir.toUri()));
        if (escape != null) {
            throw new CliException("table '" + table + "': " + dir + " " + escape);
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException("table '" + table + "' not found: no directory " + dir);
        }
        return dir;
    }
}
