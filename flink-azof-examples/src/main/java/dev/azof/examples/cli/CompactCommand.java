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
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;

import org.apache.flink.core.fs.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code azof compact}: compacts a table with the format core (no Flink job) and prints one line:
 * the snapshot compacted, the snapshot published and the data files before and after.
 */
@Command(
        name = "compact",
        header = "Compact a table: merge deltas, build bases, fold late files.",
        mixinStandardHelpOptions = true,
        description = {
            "Merge the deltas of busy segments and build bases so that as-of reads open few files;"
                    + " publishes one snapshot that replaces files. Every as-of answer stays the same."
                    + " Replaced files stay on disk until 'azof expire' removes them."
        })
public final class CompactCommand implements Callable<Integer> {

    @ParentCommand private AzofCli cli;

    @Spec private CommandSpec spec;

    @Mixin private TableLocation location;

    @Option(
            names = "--max-deltas-per-segment",
            paramLabel = "N",
            description = "Merge the deltas of a segment and bucket that has more than N (default: 4).")
    private String maxDeltas;

    @Option(
            names = "--build-bases",
            paramLabel = "MODE",
            description = "closed-segments: a base at the start of every segment after the first (default);"
                    + " none: build no new bases.")
    private String buildBases;

    @Option(
            names = "--fold-late-files",
            paramLabel = "BOOL",
            description = "Rebuild bases that late files predate, so late files leave reads (default: true).")
    private String foldLateFiles;

    @Option(
            names = "--tombstone-retention",
            paramLabel = "DURATION",
            description = "Keep tombstones this long (event time) in new bases, e.g. 30d, PT12H,"
                    + " or forever (default: 30d).")
    private String tombstoneRetention;

    @Override
    public Integer call() throws Exception {
        CompactionPolicy policy = policy();
        Path dir = location.tableDir();
        CompactionResult result = new Compactor(dir, policy).run();
        cli.out().println(result);
        return 0;
    }

    private CompactionPolicy policy() {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, CompactionPolicy.MAX_DELTAS_PER_SEGMENT, maxDeltas);
        put(options, CompactionPolicy.BUILD_BASES, buildBases);
        put(options, CompactionPolicy.FOLD_LATE_FILES, foldLateFiles);
        put(options, CompactionPolicy.TOMBSTONE_RETENTION, tombstoneRetention);
        try {
            return CompactionPolicy.fromOptions(options);
        } catch (AzofException e) {
            // A bad flag value is a usage error (exit 2), not a failure of the table.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
