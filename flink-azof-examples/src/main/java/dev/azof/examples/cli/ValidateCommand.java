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

import dev.azof.core.validate.TableValidator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code azof validate}: checks a table directory against the format specification. Prints {@code
 * OK} and exits 0 for a valid table; otherwise prints one problem per line and fails.
 */
@Command(
        name = "validate",
        header = "Check a table directory against the Azof format.",
        mixinStandardHelpOptions = true,
        description = {
            "Check a table directory against the Azof format: prints OK, or one problem per line"
                    + " and exits with 1."
        })
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand private AzofCli cli;

    @Mixin private TableLocation location;

    @Option(
            names = "--deep",
            description = {
                "Also read every row of every file any snapshot references: page checksums, the"
                        + " file's CRC-32C, row counts, key order, that every key hashes to its"
                        + " file's bucket and every event time lies within its file's range."
            })
    boolean deep;

    @Override
    public Integer call() {
        List<String> problems =
                TableValidator.validate(
                        location.tableDir(), deep);
        PrintStream out = cli.out();
        if (problems.isEmpty()) {
            out.println("OK");
            return 0;
        }
        for (String problem : problems) {
            out.println(ErrorMessages.oneLine(problem));
        }
        throw new CliException(
                "table '"
                        + location.table
                        + "' is not valid: "
                        + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems"));
    }
}
