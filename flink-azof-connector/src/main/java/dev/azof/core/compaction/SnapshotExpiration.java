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
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.fs.Containment;
import dev.azof.core.fs.FileOperations;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TablePaths;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes old snapshots and the data files nothing retained references.
 *
 * <p>A snapshot is retained when it is one of the last {@code retainLast} snapshots or younger
 * (by its commit time) than {@code olderThan}; the current snapshot always is. Every snapshot from
 * the oldest retained one to the current one is kept, so the retained snapshots are an unbroken
 * run and the resolution rule of spec 1.1 keeps working:
 *
 * <ol>
 *   <li>the version pointer is moved to the current snapshot first if it names an expiring one
 *       (a pointer must name an existing snapshot);
 *   <li>expired snapshot files are deleted oldest first, so a crash leaves an unbroken run;
 *   <li>then data files are deleted that no retained snapshot references: those of expired
 *       snapshots and orphans under {@code data/} (files of commits that never published), but
 *       only when older than {@code minFileAge}. Younger files are never removed: they may belong
 *       to a commit in flight, whose snapshot is not published yet.
 * </ol>
 *
 * <p>Readers of a retained snapshot keep working: its files are referenced, so never removed. A
 * reader that opened an expired snapshot before it expired may fail; retain snapshots for longer
 * than the longest read ({@code olderThan}).
 */
public final class SnapshotExpiration {

    public static final Duration DEFAULT_MIN_FILE_AGE = Duration.ofHours(1);

    private static final Pattern SNAPSHOT_FILE = Pattern.compile("s(\\d+)\\.json");
    private static final Pattern TEMP_FILE = Pattern.compile("\\..*\\.tmp");

    private final Path dir;
    private Integer retainLast;
    private Duration olderThan;
    private Duration minFileAge = DEFAULT_MIN_FILE_AGE;
    private LongSupplier clock = System::currentTimeMillis;
    private boolean dryRun;

    public SnapshotExpiration(Path dir) {
        this.dir = dir;
    }

    /** Keep the last {@code n} snapshots (at least 1). */
    public SnapshotExpiration retainLast(int n) {
        if (n < 1) {
            throw new AzofException("the number of snapshots to retain must be at least 1, not " + n);
        }
        this.retainLast = n;
        return this;
    }

    /** Keep snapshots committed less than {@code age} ago. */
    public SnapshotExpiration olderThan(Duration age) {
        this.olderThan = age;
        return this;
    }

    /** Never remove data files younger than this (default 1 hour). */
    public SnapshotExpiration minFileAge(Duration age) {
        this.minFileAge = age;
        return this;
    }

    public SnapshotExpiration withClock(LongSupplier millis) {
        this.clock = millis;
        return this;
    }

    /** Report what would be removed, remove nothing. */
    public SnapshotExpiration dryRun(boolean dry) {
        this.dryRun = dry;
        return this;
    }

    public ExpirationResult run() throws IOException {
        if (retainLast == null && olderThan == null) {
            throw new AzofException("snapshot expiration needs a number of snapshots to retain or an age");
        }
        long now = clock.getAsLong();
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        if (current == 0) {
            throw new AzofException("table " + dir + " has no snapshot yet");
        }
        FileSystem fs = dir.getFileSystem();
        // Every snapshot that exists, including any published while we run (they are retained).
        TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
        for (FileStatus st : list(fs, dir)) {
            Matcher m = SNAPSHOT_FILE.matcher(st.getPath().getName());
            if (!st.isDir() && m.matches()) {
                long id = Long.parseLong(m.group(1));
                snapshots.put(id, store.read(id));
            }
        }
        if (snapshots.firstEntry().getValue().isLegacy()) {
            throw new AzofException("table " + dir + " is an azof 0.2 table; this project does not expire its snapshots");
        }
        long oldest = current;
        for (Map.Entry<Long, Snapshot> e : snapshots.entrySet()) {
            long id = e.getKey();
            boolean keep =
                    id >= current
                            || (retainLast != null && id > current - retainLast)
                            || (olderThan != null && now - e.getValue().timestampMillis() < olderThan.toMillis());
            if (keep) {
                oldest = Math.min(oldest, id);
            }
        }
        Set<String> referenced = new HashSet<>();
        // absolute path -> the file and how to name it (its reference, relative to the table)
        Map<String, Map.Entry<Path, String>> candidates = new LinkedHashMap<>();
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, Snapshot> e : snapshots.entrySet()) {
            for (DataFile f : e.getValue().allFiles()) {
                String abs = absolute(f.path());
                if (e.getKey() >= oldest) {
                    referenced.add(abs);
                } else {
                    candidates.put(abs, Map.entry(TablePaths.resolve(dir, f.path()), f.path()));
                }
            }
            if (e.getKey() < oldest) {
                expired.add(e.getKey());
            }
        }
        // Orphans: files under data/ of commits that never published, or of expired snapshots
        // whose earlier expiration stopped half way.
        Path data = new Path(dir, "data");
        String dataEscape = Containment.escape(dir, data);
        if (dataEscape != null) {
            throw new AzofException("will not expire table " + dir + ": its data/ " + dataEscape);
        }
        if (fs.exists(data)) {
            collectFiles(fs, data, candidates);
        }
        // Temporary files of interrupted publishes (".s5.json.<uuid>.tmp").
        for (FileStatus st : list(fs, dir)) {
            if (!st.isDir() && TEMP_FILE.matcher(st.getPath().getName()).matches()) {
                candidates.put(st.getPath().toUri().getPath(), Map.entry(st.getPath(), st.getPath().getName()));
            }
        }
        if (!dryRun) {
            if (!expired.isEmpty() && store.readPointer() < oldest) {
                TableCommits.movePointer(store, current);
            }
            for (long id : expired) {
                FileOperations.deleteFile(store.snapshotPath(id));
            }
        }
        List<String> deleted = new ArrayList<>();
        long bytes = 0;
        int young = 0;
        for (Map.Entry<String, Map.Entry<Path, String>> c : candidates.entrySet()) {
            if (referenced.contains(c.getKey())) {
                continue;
            }
            Path p = c.getValue().getKey();
            FileStatus st;
            try {
                st = fs.getFileStatus(p);
            } catch (java.io.FileNotFoundException gone) {
                continue; // removed before (an earlier expiration)
            }
            if (now - st.getModificationTime() < minFileAge.toMillis()) {
                young++;
                continue;
            }
            String escape = Containment.escape(dir, p);
            if (escape != null) {
                throw new AzofException(
                        "will not delete " + c.getValue().getValue() + " of table " + dir + ": it " + escape);
            }
            if (!dryRun) {
                FileOperations.deleteFile(p);
            }
            deleted.add(c.getValue().getValue());
            bytes += st.getLen();
        }
        return new ExpirationResult(oldest, current, expired, deleted, bytes, young, dryRun);
    }

    private String absolute(String reference) {
        return TablePaths.resolve(dir, reference).toUri().getPath();
    }

    private void collectFiles(FileSystem fs, Path p, Map<String, Map.Entry<Path, String>> out)
            throws IOException {
        String root = dir.toUri().getPath();
        root = root.endsWith("/") ? root : root + "/";
        for (FileStatus st : list(fs, p)) {
            if (st.isDir()) {
                collectFiles(fs, st.getPath(), out);
            } else {
                String abs = st.getPath().toUri().getPath();
                out.putIfAbsent(
                        abs, Map.entry(st.getPath(), abs.startsWith(root) ? abs.substring(root.length()) : abs));
            }
        }
    }

    /**
     * Lists a directory. A local file system stats each entry after listing the names, so a file
     * that another expiration deletes in between fails the whole listing: list again.
     */
    static FileStatus[] list(FileSystem fs, Path p) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                FileStatus[] s = fs.listStatus(p);
                return s == null ? new FileStatus[0] : s;
            } catch (java.io.FileNotFoundException e) {
                if (!fs.exists(p)) {
                    return new FileStatus[0];
                }
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }
}
