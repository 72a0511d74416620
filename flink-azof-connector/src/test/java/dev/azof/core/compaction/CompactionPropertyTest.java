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
package dev.azof.core.compaction;

import dev.azof.core.AzofException;
import dev.azof.core.plan.AsOf;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.RandomHistory;
import dev.azof.testing.TestScale;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random histories with late data, repeated event times and deletes, with compactions (random
 * policies) and expirations at random moments between ingestion commits. After every step: each
 * compaction leaves the answers at random t unchanged, reads of the current snapshot equal the
 * oracle, reads of retained older snapshots equal the oracle restricted to their commits, expired
 * snapshots fail clearly, and the table validates.
 */
class CompactionPropertyTest {

    @TempDir File tmp;

    @Test
    void compactionsAndExpirationsNeverChangeAnAnswer() throws Exception {
        long master = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("CompactionPropertyTest master seed " + master + " (rerun with -Dazof.seed=" + master + ")");
        Random seeds = new Random(master);
        int compactions = 0;
        int expirations = 0;
        for (int round = 0; round < TestScale.rounds(4); round++) {
            long seed = seeds.nextLong();
            String context = "master seed " + master + ", round " + round + ", seed " + seed;
            Path dir = new Path(new File(tmp, "t" + round).toURI());
            Random ops = new Random(seed * 31 + 7);
            long[] oldest = {1};
            int[] counts = new int[2];
            int commits = 7 + round % 4;
            RandomHistory.write(
                    dir,
                    seed,
                    50 + round * 15,
                    commits,
                    30,
                    0.15,
                    (h, commit) -> {
                        String step = context + ", after commit " + commit;
                        // every round compacts at least once: with few rounds (TestScale) chance alone may not
                        boolean lastChance = commit == commits - 1 && counts[0] == 0;
                        if (ops.nextDouble() < 0.45 || lastChance) {
                            CompactionPolicy policy = Reads.randomPolicy(ops);
                            long before = Reads.currentId(dir);
                            List<AsOf> times = new ArrayList<>();
                            List<List<List<Object>>> answers = new ArrayList<>();
                            for (int i = 0; i < 4; i++) {
                                AsOf t = Reads.randomAsOf(h, ops);
                                times.add(t);
                                answers.add(Reads.read(dir, before, t));
                            }
                            CompactionResult result = new Compactor(dir, policy).run();
                            counts[0]++;
                            long after = Reads.currentId(dir);
                            for (int i = 0; i < times.size(); i++) {
                                assertThat(Reads.read(dir, after, times.get(i)))
                                        .as(step + ", " + policy + ", " + result + ", as of " + times.get(i))
                                        .isEqualTo(answers.get(i));
                            }
                        }
                        if (ops.nextDouble() < 0.3) {
                            SnapshotExpiration exp =
                                    new SnapshotExpiration(dir).minFileAge(Duration.ZERO).retainLast(1 + ops.nextInt(4));
                            ExpirationResult r = exp.run();
                            counts[1]++;
                            oldest[0] = r.oldestRetained();
                            for (long gone : r.expiredSnapshots()) {
                                assertThatThrownBy(() -> AzofTable.open(dir, gone))
                                        .as(step)
                                        .isInstanceOf(AzofException.class)
                                        .hasMessageContaining("expired");
                            }
                        }
                        assertThat(TableValidator.validate(dir)).as(step).isEmpty();
                        long current = Reads.currentId(dir);
                        for (int q = 0; q < 3; q++) {
                            AsOf t = Reads.randomAsOf(h, ops);
                            assertThat(Reads.read(dir, current, t))
                                    .as(step + ", current snapshot " + current + ", as of " + t)
                                    .isEqualTo(Reads.expected(h, dir, current, t));
                        }
                        long older = oldest[0] + (long) (ops.nextDouble() * (current - oldest[0] + 1));
                        AsOf t = Reads.randomAsOf(h, ops);
                        assertThat(Reads.read(dir, older, t))
                                .as(step + ", retained snapshot " + older + ", as of " + t)
                                .isEqualTo(Reads.expected(h, dir, older, t));
                    });
            compactions += counts[0];
            expirations += counts[1];
        }
        System.out.println("CompactionPropertyTest: " + compactions + " compactions, " + expirations + " expirations");
        assertThat(compactions).isGreaterThanOrEqualTo(TestScale.rounds(4));
    }
}
