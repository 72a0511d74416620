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
package dev.azof.testing;

import dev.azof.core.fs.MetadataWrites;
import dev.azof.core.fs.MetadataWritesProvider;

import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file system that fails (in the spirit of Paimon's {@code FailingFileIO}): {@code
 * fail:///some/dir} is the local {@code file:///some/dir}, except that while faults are {@link
 * #inject injected} a seeded, bounded fraction of creates, writes, reads, renames, deletes and
 * commit-point writes fail with an {@link IOException}, some of them only <em>after</em> the
 * operation happened (the caller sees an error although the bytes reached the store), and some
 * operations are delayed. Metadata queries (exists, status, listing) do not fail.
 *
 * <p>Registered for the {@code fail} scheme through {@code META-INF/services}; the faults are
 * global to the JVM, so they reach the tasks of a MiniCluster too. It brings its own commit point
 * ({@link MetadataWritesProvider}): the local one, with the same faults.
 */
public final class FailingFileSystem extends FileSystem implements MetadataWritesProvider {

    public static final String SCHEME = "fail";

    /** The kinds of operation that fail. */
    public enum Op {
        CREATE,
        WRITE,
        READ,
        RENAME,
        DELETE,
        /** A snapshot's exclusive create or the pointer's replace. */
        COMMIT
    }

    private static final FailingFileSystem INSTANCE = new FailingFileSystem();

    private static final Object LOCK = new Object();
    private static Random random;
    private static double probability;
    private static int budget;
    private static long maxDelayMillis;
    private static final Map<Op, AtomicInteger> FAILURES = new EnumMap<>(Op.class);
    private static final AtomicInteger AFTER_THE_FACT = new AtomicInteger();

    static {
        for (Op op : Op.values()) {
            FAILURES.put(op, new AtomicInteger());
        }
    }

    private FailingFileSystem() {}

    /**
     * From now on each operation fails with {@code probability} (opening a file: a quarter of it;
     * each read or write of a stream: 2% or 10% of it; commit points: four times it), at most {@code maxFailures} times in all, half of the writes after they happened; each
     * operation may be delayed up to {@code maxDelayMillis}.
     */
    public static void inject(long seed, double probability, int maxFailures, long maxDelayMillis) {
        synchronized (LOCK) {
            random = new Random(seed);
            FailingFileSystem.probability = probability;
            budget = maxFailures;
            FailingFileSystem.maxDelayMillis = maxDelayMillis;
            FAILURES.values().forEach(c -> c.set(0));
            AFTER_THE_FACT.set(0);
        }
    }

    /** No more faults. */
    public static void stop() {
        synchronized (LOCK) {
            random = null;
        }
    }

    /** Failures injected since {@link #inject}, per kind of operation. */
    public static Map<Op, Integer> failures() {
        Map<Op, Integer> out = new EnumMap<>(Op.class);
        FAILURES.forEach((op, n) -> out.put(op, n.get()));
        return out;
    }

    /** Failures since {@link #inject}. */
    public static int totalFailures() {
        return FAILURES.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Failures reported for operations that happened. */
    public static int failuresAfterTheFact() {
        return AFTER_THE_FACT.get();
    }

    /** {@code fail://} + the local path of {@code dir}. */
    public static Path wrap(java.nio.file.Path dir) {
        return new Path(SCHEME + "://" + dir.toAbsolutePath());
    }

    private enum When {
        NO,
        BEFORE,
        AFTER
    }

    /** Whether this operation fails, and if so before or after it happens. */
    private static When roll(Op op, double scale, boolean canFailAfter) throws IOException {
        long delay;
        When when;
        synchronized (LOCK) {
            if (random == null) {
                return When.NO;
            }
            delay = maxDelayMillis > 0 && random.nextInt(10) == 0 ? random.nextInt((int) maxDelayMillis + 1) : 0;
            if (budget > 0 && random.nextDouble() < probability * scale) {
                budget--;
                when = canFailAfter && random.nextBoolean() ? When.AFTER : When.BEFORE;
                FAILURES.get(op).incrementAndGet();
                if (when == When.AFTER) {
                    AFTER_THE_FACT.incrementAndGet();
                }
            } else {
                when = When.NO;
            }
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
        return when;
    }

    private static IOException injected(Op op, When when, Path path) {
        return new IOException(
                "injected "
                        + op.name().toLowerCase()
                        + " failure "
                        + (when == When.AFTER ? "after the operation happened" : "")
                        + " on "
                        + path);
    }

    // ------------------------------------------------------------------ paths

    private static FileSystem local() {
        return FileSystem.getLocalFileSystem();
    }

    static Path toLocal(Path p) {
        URI u = p.toUri();
        if (u.getScheme() != null && !u.getScheme().equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + ":// path: " + p);
        }
        return new Path("file://" + u.getPath());
    }

    static Path toFailing(Path p) {
        return new Path(SCHEME + "://" + p.toUri().getPath());
    }

    // ------------------------------------------------------------------ FileSystem

    @Override
    public Path getWorkingDirectory() {
        return toFailing(local().getWorkingDirectory());
    }

    @Override
    public Path getHomeDirectory() {
        return toFailing(local().getHomeDirectory());
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return new Status(local().getFileStatus(toLocal(f)));
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len)
            throws IOException {
        FileStatus inner = file instanceof Status ? ((Status) file).inner : file;
        return local().getFileBlockLocations(inner, start, len);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        return open(f);
    }

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        // Reads are many (a compaction opens every file it merges): fail a quarter as often.
        if (roll(Op.READ, 0.25, false) != When.NO) {
            throw injected(Op.READ, When.BEFORE, f);
        }
        return new FailingInput(local().open(toLocal(f)), f);
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] inner = local().listStatus(toLocal(f));
        if (inner == null) {
            return null;
        }
        FileStatus[] out = new FileStatus[inner.length];
        for (int i = 0; i < inner.length; i++) {
            out[i] = new Status(inner[i]);
        }
        return out;
    }

    @Override
    public boolean exists(Path f) throws IOException {
        return local().exists(toLocal(f));
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        When when = roll(Op.DELETE, 1, true);
        if (when == When.BEFORE) {
            throw injected(Op.DELETE, when, f);
        }
        boolean deleted = local().delete(toLocal(f), recursive);
        if (when == When.AFTER) {
            throw injected(Op.DELETE, when, f);
        }
        return deleted;
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        return local().mkdirs(toLocal(f));
    }

    @Override
    public FSDataOutputStream create(Path f, WriteMode overwriteMode) throws IOException {
        When when = roll(Op.CREATE, 1, true);
        if (when == When.BEFORE) {
            throw injected(Op.CREATE, when, f);
        }
        FSDataOutputStream out = local().create(toLocal(f), overwriteMode);
        if (when == When.AFTER) {
            // The file exists, empty: the caller sees an error.
            out.close();
            throw injected(Op.CREATE, when, f);
        }
        return new FailingOutput(out, f);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        When when = roll(Op.RENAME, 1, true);
        if (when == When.BEFORE) {
            throw injected(Op.RENAME, when, src);
        }
        boolean renamed = local().rename(toLocal(src), toLocal(dst));
        if (when == When.AFTER) {
            throw injected(Op.RENAME, when, src);
        }
        return renamed;
    }

    @Override
    public boolean isDistributedFS() {
        return false;
    }

    // ------------------------------------------------------------------ commit point

    @Override
    public MetadataWrites metadataWrites(Path path) {
        MetadataWrites store = MetadataWrites.forPath(toLocal(path));
        return new MetadataWrites() {
            @Override
            public void createExclusively(Path target, byte[] content) throws IOException {
                commit(target, () -> store.createExclusively(toLocal(target), content));
            }

            @Override
            public void replace(Path target, byte[] content) throws IOException {
                commit(target, () -> store.replace(toLocal(target), content));
            }
        };
    }

    private interface IoRunnable {
        void run() throws IOException;
    }

    private static void commit(Path target, IoRunnable write) throws IOException {
        // Commit points are few next to reads and writes: fail them more often.
        When when = roll(Op.COMMIT, 4, true);
        if (when == When.BEFORE) {
            throw injected(Op.COMMIT, when, target);
        }
        write.run();
        if (when == When.AFTER) {
            throw injected(Op.COMMIT, when, target);
        }
    }

    // ------------------------------------------------------------------ streams and statuses

    private static final class FailingOutput extends FSDataOutputStream {
        private final FSDataOutputStream out;
        private final Path path;

        FailingOutput(FSDataOutputStream out, Path path) {
            this.out = out;
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (roll(Op.WRITE, 0.1, false) != When.NO) {
                // Part of the bytes reach the file, as when a connection drops mid-write.
                out.write(b, off, len / 2);
                throw injected(Op.WRITE, When.BEFORE, path);
            }
            out.write(b, off, len);
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void sync() throws IOException {
            out.sync();
        }

        @Override
        public void close() throws IOException {
            When when = roll(Op.WRITE, 1, true);
            if (when == When.BEFORE) {
                out.close();
                throw injected(Op.WRITE, when, path);
            }
            out.close();
            if (when == When.AFTER) {
                throw injected(Op.WRITE, when, path);
            }
        }
    }

    private static final class FailingInput extends FSDataInputStream {
        private final FSDataInputStream in;
        private final Path path;

        FailingInput(FSDataInputStream in, Path path) {
            this.in = in;
            this.path = path;
        }

        @Override
        public void seek(long desired) throws IOException {
            in.seek(desired);
        }

        @Override
        public long getPos() throws IOException {
            return in.getPos();
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (roll(Op.READ, 0.02, false) != When.NO) {
                throw injected(Op.READ, When.BEFORE, path);
            }
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A local status under its {@code fail://} path. */
    private static final class Status implements FileStatus {
        final FileStatus inner;

        Status(FileStatus inner) {
            this.inner = inner;
        }

        @Override
        public long getLen() {
            return inner.getLen();
        }

        @Override
        public long getBlockSize() {
            return inner.getBlockSize();
        }

        @Override
        public short getReplication() {
            return inner.getReplication();
        }

        @Override
        public long getModificationTime() {
            return inner.getModificationTime();
        }

        @Override
        public long getAccessTime() {
            return inner.getAccessTime();
        }

        @Override
        public boolean isDir() {
            return inner.isDir();
        }

        @Override
        public Path getPath() {
            return toFailing(inner.getPath());
        }
    }

    /** Serves the {@code fail} scheme. */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return INSTANCE;
        }
    }
}
