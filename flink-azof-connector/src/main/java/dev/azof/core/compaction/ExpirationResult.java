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

import java.util.Collections;
import java.util.List;

/** What a snapshot expiration removed (or, in a dry run, would remove). */
public final class ExpirationResult {
    private final long oldestRetained;
    private final long current;
    private final List<Long> expiredSnapshots;
    private final List<String> deletedFiles;
    private final long deletedBytes;
    private final int keptYoungFiles;
    private final boolean dryRun;

    ExpirationResult(
            long oldestRetained,
            long current,
            List<Long> expiredSnapshots,
            List<String> deletedFiles,
            long deletedBytes,
            int keptYoungFiles,
            boolean dryRun) {
        this.oldestRetained = oldestRetained;
        this.current = current;
        this.expiredSnapshots = Collections.unmodifiableList(expiredSnapshots);
        this.deletedFiles = Collections.unmodifiableList(deletedFiles);
        this.deletedBytes = deletedBytes;
        this.keptYoungFiles = keptYoungFiles;
        this.dryRun = dryRun;
    }

    /** The oldest snapshot still readable; every snapshot from it to the current one is kept. */
    public long oldestRetained() {
        return oldestRetained;
    }

    public long current() {
        return current;
    }

    /** Ids of the snapshots removed, oldest first. */
    public List<Long> expiredSnapshots() {
        return expiredSnapshots;
    }

    /** Data files removed (paths relative to the table directory): unreferenced and old enough. */
    public List<String> deletedFiles() {
        return deletedFiles;
    }

    public long deletedBytes() {
        return deletedBytes;
    }

    /** Unreferenced files left in place because they are younger than the minimum file age. */
    public int keptYoungFiles() {
        return keptYoungFiles;
    }

    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public String toString() {
        return (dryRun ? "would expire " : "expired ")
                + expiredSnapshots.size()
                + " snapshots, "
                + (dryRun ? "would remove " : "removed ")
                + deletedFiles.size()
                + " data files ("
                + deletedBytes
                + " bytes); retained snapshots "
                + oldestRetained
                + ".."
                + current
                + (keptYoungFiles > 0 ? "; kept " + keptYoungFiles + " unreferenced files younger than the minimum age" : "");
    }
}
