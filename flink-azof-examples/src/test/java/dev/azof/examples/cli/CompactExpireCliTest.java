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

import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code azof compact} and {@code azof expire} on a random history, as a user would run them. */
class CompactExpireCliTest {

    @TempDir java.nio.file.Path warehouse;

    private static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode).as(run.toString()).isZero();
        return run;
    }

    private String[] args(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--path", warehouse.toString(), "--table", "t"));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static long files(CliRun plan) {
        String last = plan.outLines().get(plan.outLines().size() - 1);
        return Long.parseLong(last.substring("files=".length(), last.indexOf(' ')));
    }

    @Test
    void compactKeepsAnswersAndExpireRemovesReplacedFiles() throws Exception {
        long seed = 20260101L;
        RandomHistory h = RandomHistory.write(new Path(warehouse.resolve("t").toUri()), seed, 80, 10, 60, 0.0);
        List<String> times = new ArrayList<>(List.of("2023-03-01T00:00:00Z", "2023-09-15T12:00:00Z", "2024-06-30T00:00:00Z"));
        times.add(Instant.ofEpochSecond(0, h.events.get(7).eventMicros * 1000).toString());
        List<String> before = new ArrayList<>();
        for (String t : times) {
            before.add(ok(args("scan", "--as-of", t, "--format", "csv")).out);
        }
        String currentBefore = ok(args("scan", "--format", "csv")).out;
        long planBefore = files(ok(args("plan", "--as-of", "2024-06-30T00:00:00Z")));

        CliRun compact = ok(args("compact", "--max-deltas-per-segment", "1"));
        assertThat(compact.outLines()).hasSize(1);
        assertThat(compact.outLines().get(0)).matches("compacted snapshot \\d+ into snapshot \\d+: files \\d+ -> \\d+ .*");

        for (int i = 0; i < times.size(); i++) {
            assertThat(ok(args("scan", "--as-of", times.get(i), "--format", "csv")).out)
                    .as("as of " + times.get(i))
                    .isEqualTo(before.get(i));
        }
        assertThat(ok(args("scan", "--format", "csv")).out).isEqualTo(currentBefore);
        assertThat(files(ok(args("plan", "--as-of", "2024-06-30T00:00:00Z")))).isLessThan(planBefore);
        assertThat(ok(args("validate")).out).isEqualTo("OK\n");

        CliRun dry = ok(args("expire", "--retain-last", "1", "--min-file-age", "0s", "--dry-run"));
        assertThat(dry.out).contains("would remove snapshot s1.json");
        CliRun expire = ok(args("expire", "--retain-last", "1", "--min-file-age", "0s"));
        assertThat(expire.out).contains("removed snapshot s1.json", "removed data/");
        assertThat(expire.outLines().get(expire.outLines().size() - 1)).startsWith("expired ");
        assertThat(ok(args("validate")).out).isEqualTo("OK\n");
        for (int i = 0; i < times.size(); i++) {
            assertThat(ok(args("scan", "--as-of", times.get(i), "--format", "csv")).out).isEqualTo(before.get(i));
        }
        // Nothing left to do.
        assertThat(ok(args("compact", "--max-deltas-per-segment", "1")).out).contains("needs no compaction");
        assertThat(ok(args("expire", "--retain-last", "1", "--min-file-age", "0s")).out).startsWith("expired 0 snapshots");
    }

    @Test
    void badFlagsAreUsageErrors() throws Exception {
        RandomHistory.write(new Path(warehouse.resolve("t").toUri()), 1L, 10, 1, 10, 0.0);
        for (String[] bad :
                List.of(
                        args("expire"),
                        args("expire", "--older-than", "soon"),
                        args("expire", "--retain-last", "0"),
                        args("compact", "--build-bases", "all"),
                        args("compact", "--max-deltas-per-segment", "x"),
                        args("compact", "--tombstone-retention", "a while"))) {
            CliRun run = CliRun.run(bad);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            assertThat(run.errLines()).as(run.toString()).hasSize(1);
            assertThat(run.errLines().get(0)).startsWith("azof: error: ");
        }
    }

    @Test
    void missingTableIsARunTimeFailure() {
        for (String command : new String[] {"compact", "expire"}) {
            CliRun run = CliRun.run(command, "--path", warehouse.toString(), "--table", "nope", "--retain-last", "1");
            if (command.equals("compact")) {
                run = CliRun.run(command, "--path", warehouse.toString(), "--table", "nope");
            }
            assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
            assertThat(run.errLines()).containsExactly(
                    "azof: error: table 'nope' not found: no directory " + warehouse.resolve("nope"));
        }
    }

    @Test
    void helpDescribesTheOptions() {
        assertThat(ok("compact", "--help").out).contains("Usage: azof compact", "--max-deltas-per-segment", "--tombstone-retention");
        assertThat(ok("expire", "--help").out).contains("Usage: azof expire", "--retain-last", "--older-than", "--min-file-age");
    }
}
