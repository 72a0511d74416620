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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The outcome of one in-process run of {@link AzofCli}: exit code, standard output and error. */
final class CliRun {

    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /** Runs the CLI with {@code args} and captures what it writes. */
    static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = AzofCli.execute(args, o, e);
        }
        return new CliRun(
                code,
                out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    /** Standard output split into lines. */
    List<String> outLines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1)).subList(0, count());
    }

    /** Standard error split into non-empty lines. */
    List<String> errLines() {
        return Arrays.stream(err.split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    private int count() {
        String[] lines = out.split("\n", -1);
        return out.endsWith("\n") ? lines.length - 1 : lines.length;
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
