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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage and argument handling of {@link AzofCli}; nothing here reads a table or starts Flink. */
class AzofCliTest {

    @TempDir Path tmp;

    @Test
    void rootHelpListsCommands() {
        CliRun run = CliRun.run("--help");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("Usage: azof", "sql", "scan", "plan", "validate", "demo");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"sql", "scan", "plan", "validate"}) {
            CliRun run = CliRun.run(command, "--help");
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).as(command).contains("Usage: azof " + command);
        }
    }

    @Test
    void missingCommandIsUsageError() {
        CliRun run = CliRun.run();
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("azof: error: missing command");
    }

    @Test
    void missingOptionIsUsageError() {
        CliRun run = CliRun.run("sql", "-e", "SELECT 1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("azof: error: ").contains("--warehouse");
        assertThat(run.out).isEmpty();
    }

    @Test
    void executeAndFileAreExclusive() {
        CliRun run = CliRun.run("sql", "--warehouse", tmp.toString(), "-e", "x", "-f", "y");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
    }

    @Test
    void unknownFormatIsUsageError() {
        CliRun run =
                CliRun.run("scan", "--path", tmp.toString(), "--table", "t", "--format", "xml");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).contains("xml");
    }

    @Test
    void missingWarehouseIsRunTimeFailure() {
        String missing = tmp.resolve("nope").toString();
        CliRun run = CliRun.run("scan", "--path", missing, "--table", "t");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("azof: error: warehouse directory not found: " + missing);
    }

    @Test
    void missingTableIsRunTimeFailure() {
        for (String command : new String[] {"scan", "plan", "validate"}) {
            CliRun run = CliRun.run(command, "--path", tmp.toString(), "--table", "nope");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
            assertThat(run.errLines()).hasSize(1);
            assertThat(run.errLines().get(0)).startsWith("azof: error: table 'nope' not found");
            assertThat(run.out).isEmpty();
        }
    }

    @Test
    void missingSqlFileIsRunTimeFailure() {
        CliRun run = CliRun.run("sql", "--warehouse", tmp.toString(), "-f", tmp + "/none.sql");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("azof: error: SQL file not found");
    }

    @Test
    void unterminatedSqlIsRunTimeFailure() {
        CliRun run = CliRun.run("sql", "--warehouse", tmp.toString(), "-e", "SELECT 'abc");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).contains("unterminated string literal");
    }
}
