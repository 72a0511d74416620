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
package dev.azof.core.commit;

import dev.azof.core.AzofException;
import dev.azof.core.fs.Retries;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotJson;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds and reads the snapshots of one table directory.
 *
 * <p>The version pointer ({@code version.txt}) names the newest snapshot it knows of; because a
 * writer publishes {@code s<N+1>.json} before it moves the pointer, the current snapshot is the
 * last of the unbroken run {@code s<N>.json, s<N+1>.json, ...} that exist. A crash between the
 * two steps therefore never hides a commit, and a lagging pointer is never wrong.
 */
public final class SnapshotStore {

    public static final String VERSION_FILE = "version.txt";

    /** How far beyond the pointer to look; a writer never lets it lag more than a few commits. */
    private static final int MAX_POINTER_LAG = 1000;
    /** Reads of the version pointer, which a commit may replace while it is read. */
    private static final int POINTER_READ_ATTEMPTS = 5;

    private static final long MAX_METADATA_BYTES = 256L << 20;

    private final Path tableDir;

    public SnapshotStore(Path tableDir) {
        this.tableDir = tableDir;
    }

    public Path tableDir() {
        return tableDir;
    }

    public static String snapshotFileName(long id) {
        return "s" + id + ".json";
    }

    public Path snapshotPath(long id) {
        return new Path(tableDir, snapshotFileName(id));
    }

    public Path versionPath() {
        return new Path(tableDir, VERSION_FILE);
    }

    /**
     * Whether the directory holds a table (a version pointer), by opening the pointer: no {@code
     * exists} call, which on an object store may cost a LIST for a missing key.
     */
    public boolean exists() {
        Path p = versionPath();
        try {
            try (FSDataInputStream in = p.getFileSystem().open(p)) {
                return true;
            }
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new AzofException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * The current snapshot, or null if the directory holds no table or a table without snapshots;
     * the same operations as {@link #current()}.
     */
    public Snapshot currentIfAny() {
        String text = readTextIfExists(versionPath());
        return text == null ? null : resolve(parsePointer(text));
    }

    /** The number in the version pointer. */
    public long readPointer() {
        Path p = versionPath();
        String text = null;
        for (int attempt = 1; text == null; attempt++) {
            try {
                text = readText(p);
            } catch (FileNotFoundException e) {
                throw new AzofException(
                        "not an azof table: " + p + " does not exist (no version pointer)", e);
            } catch (IOException e) {
                // The pointer is the one metadata file that is replaced: on S3, Flink's file
                // system fails a read when the object changes between its open and its GET
                // ("Change reported by S3 during open"), and HDFS when the file's blocks change
                // under an open stream ("Blocklist ... has changed"). A read again sees the new
                // pointer.
                if (attempt >= POINTER_READ_ATTEMPTS) {
                    throw new AzofException("cannot read " + p + ": " + e.getMessage(), e);
                }
                pause(attempt * 20L + (long) (Math.random() * 20), p);
            }
        }
        return parsePointer(text);
    }

    private long parsePointer(String text) {
        String trimmed = text.trim();
        try {
            long id = Long.parseLong(trimmed);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new AzofException(
                    versionPath() + " holds '" + abbreviate(trimmed) + "', expected a snapshot number");
        }
    }

    /**
     * The id of the current snapshot: the pointer, moved past snapshots published after it.
     * Issues no {@code exists}/list calls (docs/spec.md, section 1.1, "Cost"): with an accurate
     * pointer it opens the pointer, {@code s<N>.json} and {@code s<N+1>.json} (absent).
     */
    public long currentId() {
        long id = readPointer();
        if (id > 0 && !probe(id)) {
            throw pointerNamesMissing(id);
        }
        return lastOfRun(id);
    }

    /**
     * The current snapshot (spec 1.1) with a bounded number of metadata operations and no
     * {@code exists}/list calls: with an accurate pointer, three opens (the pointer, {@code
     * s<N>.json} read, {@code s<N+1>.json} found absent); a pointer lagging by {@code k} adds
     * {@code k} probes and one read.
     */
    public Snapshot current() {
        Snapshot current = resolve(readPointer());
        if (current == null) {
            throw new AzofException("table " + tableDir + " has no snapshot yet");
        }
        return current;
    }

    /** Spec 1.1 from the pointer's value: the current snapshot, or null if there is none. */
    private Snapshot resolve(long pointer) {
        Snapshot named = null;
        if (pointer > 0) {
            String json = readTextIfExists(snapshotPath(pointer));
            if (json == null) {
                throw pointerNamesMissing(pointer);
            }
            named = SnapshotJson.parse(json, pointer, snapshotPath(pointer).toString());
        }
        long id = lastOfRun(pointer);
        if (id == 0) {
            return null;
        }
        return id == pointer ? named : read(id);
    }

    /** The last id of the unbroken run of snapshots after {@code id}, probing by opening. */
    private long lastOfRun(long id) {
        for (int i = 0; i < MAX_POINTER_LAG && probe(id + 1); i++) {
            id++;
        }
        return id;
    }

    /**
     * Whether snapshot {@code id} exists, by opening it: on an object store an {@code exists} of
     * a missing key can cost a LIST (a directory probe), an open costs one HEAD or GET.
     */
    boolean probe(long id) {
        Path p = snapshotPath(id);
        try {
            // Repeated after a transient failure, like every metadata read (never after "not found").
            return Retries.call(
                    "open " + p,
                    () -> {
                        try (FSDataInputStream in = p.getFileSystem().open(p)) {
                            return true;
                        }
                    });
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new AzofException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private AzofException pointerNamesMissing(long id) {
        return new AzofException(
                "version pointer "
                        + versionPath()
                        + " names snapshot "
                        + id
                        + " but "
                        + snapshotPath(id)
                        + " does not exist");
    }

    public Snapshot read(long id) {
        Path p = snapshotPath(id);
        String json;
        try {
            json = readText(p);
        } catch (FileNotFoundException e) {
            throw new AzofException("snapshot " + id + " does not exist: " + p + " is missing", e);
        } catch (IOException e) {
            throw new AzofException("cannot read " + p + ": " + e.getMessage(), e);
        }
        return SnapshotJson.parse(json, id, p.toString());
    }

    /** Snapshot {@code id}, or null when its file is gone (expired); one open, no exists. */
    public Snapshot readIfExists(long id) {
        Path p = snapshotPath(id);
        String json = readTextIfExists(p);
        return json == null ? null : SnapshotJson.parse(json, id, p.toString());
    }

    /** The text of {@code p}, or null if it does not exist. */
    private String readTextIfExists(Path p) {
        try {
            return readText(p);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new AzofException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    FileSystem fs() throws IOException {
        return tableDir.getFileSystem();
    }

    String readText(Path p) throws IOException {
        // Metadata reads are repeated after a transient failure (never after "not found").
        return Retries.call("read " + p, () -> readTextOnce(p));
    }

    private String readTextOnce(Path p) throws IOException {
        FileSystem fs = p.getFileSystem();
        try (FSDataInputStream in = fs.open(p)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_METADATA_BYTES) {
                    throw new IOException(p + " is larger than " + MAX_METADATA_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (e instanceof FileNotFoundException || !fs.exists(p)) {
                FileNotFoundException fnf = new FileNotFoundException(p.toString());
                fnf.initCause(e);
                throw fnf;
            }
            throw e;
        }
    }

    private static void pause(long millis, Path p) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzofException("interrupted while reading " + p, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
