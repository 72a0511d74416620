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

import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local file system under the scheme {@code counting:}, counting every call by kind and file
 * name (e.g. {@code open s5.json}, {@code exists version.txt}, {@code listStatus t}): what a read
 * or a commit would cost as requests on an object store. Registered for tests through
 * META-INF/services; {@code counting:///tmp/t} is {@code file:///tmp/t}.
 *
 * <p>Counts are JVM-wide: a test {@link #reset}s them and reads them in one thread.
 */
public final class CountingFileSystem extends FileSystem {

    public static final String SCHEME = "counting";

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private final LocalFileSystem local = LocalFileSystem.getSharedInstance();

    /** {@code path} (a local path or {@code file:} URI) under the counting scheme. */
    public static Path of(Path path) {
        return new Path(SCHEME + "://" + path.toUri().getPath());
    }

    public static void reset() {
        COUNTS.clear();
    }

    /** The calls so far: "kind file-name" -> count, sorted. */
    public static Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Calls of one kind ("open", "exists", "getFileStatus", "listStatus", ...) on any file. */
    public static long count(String kind) {
        long n = 0;
        for (Map.Entry<String, AtomicLong> e : COUNTS.entrySet()) {
            if (e.getKey().startsWith(kind + " ")) {
                n += e.getValue().get();
            }
        }
        return n;
    }

    /** Calls of one kind on files whose names match {@code nameRegex}. */
    public static long count(String kind, String nameRegex) {
        long n = 0;
        for (Map.Entry<String, AtomicLong> e : COUNTS.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(kind + " ") && key.substring(kind.length() + 1).matches(nameRegex)) {
                n += e.getValue().get();
            }
        }
        return n;
    }

    private static Path local(Path p) {
        return new Path("file://" + p.toUri().getPath());
    }

    private static Path counting(Path p) {
        return new Path(SCHEME + "://" + p.toUri().getPath());
    }

    private static void call(String kind, Path p) {
        COUNTS.computeIfAbsent(kind + " " + p.getName(), k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public Path getWorkingDirectory() {
        return counting(local.getWorkingDirectory());
    }

    @Override
    public Path getHomeDirectory() {
        return counting(local.getHomeDirectory());
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        call("getFileStatus", f);
        return new Status(local.getFileStatus(local(f)));
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len)
            throws IOException {
        call("getFileBlockLocations", file.getPath());
        return local.getFileBlockLocations(
                local.getFileStatus(local(file.getPath())), start, len);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        call("open", f);
        return local.open(local(f), bufferSize);
    }

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        call("open", f);
        return local.open(local(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        call("listStatus", f);
        FileStatus[] in = local.listStatus(local(f));
        if (in == null) {
            return null;
        }
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus s : in) {
            out.add(new Status(s));
        }
        return out.toArray(new FileStatus[0]);
    }

    @Override
    public boolean exists(Path f) throws IOException {
        call("exists", f);
        return local.exists(local(f));
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        call("delete", f);
        return local.delete(local(f), recursive);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        call("mkdirs", f);
        return local.mkdirs(local(f));
    }

    @Override
    public FSDataOutputStream create(Path f, WriteMode overwriteMode) throws IOException {
        call("create", f);
        return local.create(local(f), overwriteMode);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        call("rename", src);
        return local.rename(local(src), local(dst));
    }

    @Override
    public boolean isDistributedFS() {
        return false;
    }

    /** A local file's status under the counting scheme. */
    private static final class Status implements FileStatus {
        private final FileStatus local;

        Status(FileStatus local) {
            this.local = local;
        }

        @Override
        public long getLen() {
            return local.getLen();
        }

        @Override
        public long getBlockSize() {
            return local.getBlockSize();
        }

        @Override
        public short getReplication() {
            return local.getReplication();
        }

        @Override
        public long getModificationTime() {
            return local.getModificationTime();
        }

        @Override
        public long getAccessTime() {
            return local.getAccessTime();
        }

        @Override
        public boolean isDir() {
            return local.isDir();
        }

        @Override
        public Path getPath() {
            return counting(local.getPath());
        }
    }

    /** Registers the scheme (META-INF/services/org.apache.flink.core.fs.FileSystemFactory). */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return new CountingFileSystem();
        }
    }
}
