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

import dev.azof.core.fs.FileOperations;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code azof sql}: runs Flink SQL statements, in order, in an embedded local Flink with the
 * warehouse registered as catalog {@code azof} (the current catalog).
 */
@Command(
        name = "sql",
        header = "Run Flink SQL statements on a warehouse in an embedded local Flink.",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Values: TIMESTAMP_LTZ as 2024-02-01T00:00:00Z (UTC), TIMESTAMP as 2024-02-01T00:00,"
                    + " DECIMAL in plain notation, BINARY/BYTES as lowercase hex, BOOLEAN as"
                    + " true/false. In csv, NULL is an empty field and an empty string is \"\"."
        },
        description = {
            "Run Flink SQL statements (separated by ';') in an embedded local Flink. The warehouse"
                    + " is the catalog 'azof' and is current; its tables are in database"
                    + " 'default'. Defaults: batch mode, session time zone UTC; SET 'key'='value'"
                    + " changes them for the statements that follow.",
            "Query results go to standard output; an INSERT runs to completion before the next"
                    + " statement.",
            "A streaming query prints its final result when it ends; with SET"
                    + " 'sql-client.execution.result-mode' = 'changelog' it prints each change as it"
                    + " arrives (first column op: +I, -U, +U, -D) until it ends or is stopped;"
                    + " Ctrl-C or SIGTERM cancels its job and exits with 130 or 143."
        })
public final class SqlCommand implements Callable<Integer> {

    @ParentCommand private AzofCli cli;

    @Option(
            names = {"-w", "--warehouse"},
            required = true,
            paramLabel = "WAREHOUSE",
            description =
                    "The warehouse: a local directory or a URI such as s3://bucket/warehouse;"
                            + " every sub-directory is a table.")
    private String warehouse;

    @Mixin private FlinkConfigOption flinkConfig;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = {
                "Output format: table or csv (default: ${DEFAULT-VALUE}). With csv, standard"
                        + " output holds only, per query, a header line and RFC 4180 rows."
            })
    private OutputFormat format;

    /** Where the statements come from: exactly one of -e and -f. */
    static final class Source {
        @Option(
                names = {"-e", "--execute"},
                required = true,
                paramLabel = "STATEMENTS",
                description = "The SQL statements to run.")
        String statements;

        @Option(
                names = {"-f", "--file"},
                required = true,
                paramLabel = "FILE",
                description = "A file with the SQL statements to run ('-' reads standard input).")
        Path file;
    }

    @Override
    public Integer call() throws Exception {
        List<String> statements;
        try {
            statements = StatementSplitter.split(script());
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot split the SQL script: " + e.getMessage(), e);
        }
        if (statements.isEmpty()) {
            throw new CliException("no SQL statement to run");
        }
        Configuration conf = flinkConfig.initializeFileSystems();
        org.apache.flink.core.fs.Path location = Warehouses.parse(warehouse);
        SqlSession session =
                new SqlSession(
                        FileOperations.isLocal(location)
                                ? FileOperations.local(location).toString()
                                : location.toString(),
                        conf,
                        format,
                        cli.out(),
                        cli.err());
        for (int i = 0; i < statements.size(); i++) {
            try {
                session.execute(statements.get(i));
            } catch (Exception e) {
                if (statements.size() == 1) {
                    throw e;
                }
                // Say which statement failed when there are several.
                throw new CliException(
                        "statement "
                                + (i + 1)
                                + " of "
                                + statements.size()
                                + ": "
                                + ErrorMessages.describe(e),
                        e);
            }
        }
        return 0;
    }

    private String script() throws IOException {
        if (source.statements != null) {
            return source.statements;
        }
        if (source.file.toString().equals("-")) {
            InputStream in = System.in;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(source.file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("SQL file not found: " + source.file, e);
        }
    }
}
