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

import dev.azof.core.AzofException;
import dev.azof.core.compaction.Durations;
import dev.azof.core.compaction.ExpirationResult;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.commit.SnapshotStore;

import org.apache.flink.core.fs.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code azof expire}: removes old snapshots and the data files no retained snapshot references
 * (files younger than the minimum age are never removed). Prints every removed snapshot and file,
 * then a summary line.
 */
@Command(
        name = "expire",
        header = "Remove old snapshots and unreferenced data files.",
        mixinStandardHelpOptions = true,
        description = {
            "Keep the last N snapshots and/or those younger than a duration (the current one"
                    + " always), delete the others oldest first, then delete data files that no"
                    + " retained snapshot references and that are older than --min-file-age."
        })
public final class ExpireCommand implements Callable<Integer> {

    @ParentCommand private AzofCli cli;

    @Spec private CommandSpec spec;

    @Mixin private TableLocation location;

    @Option(names = "--retain-last", paramLabel = "N", description = "Keep the last N snapshots.")
    private Integer retainLast;

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            description = "Expire snapshots committed longer ago than this, e.g. 7d, 12h, PT1H.")
    private String olderThan;

    @Option(
            names = "--min-file-age",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "Never remove files younger than this: they may belong to a commit in"
                    + " flight (default: ${DEFAULT-VALUE}).")
    private String minFileAge;

    @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (retainLast == null && olderThan == null) {
            throw new ParameterException(spec.commandLine(), "give --retain-last N and/or --older-than DURATION");
        }
        if (retainLast != null && retainLast < 1) {
            throw new ParameterException(spec.commandLine(), "--retain-last must be at least 1, not " + retainLast);
        }
        SnapshotExpiration expiration =
                new SnapshotExpiration(location.tableDir())
                        .minFileAge(duration("--min-file-age", minFileAge))
                        .dryRun(dryRun);
        if (retainLast != null) {
            expiration.retainLast(retainLast);
        }
        if (olderThan != null) {
            expiration.olderThan(duration("--older-than", olderThan));
        }
        ExpirationResult result = expiration.run();
        PrintStream out = cli.out();
        String verb = dryRun ? "would remove " : "removed ";
        for (long id : result.expiredSnapshots()) {
            out.println(verb + "snapshot " + SnapshotStore.snapshotFileName(id));
        }
        for (String file : result.deletedFiles()) {
            out.println(verb + file);
        }
        out.println(result);
        return 0;
    }

    private Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (AzofException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
