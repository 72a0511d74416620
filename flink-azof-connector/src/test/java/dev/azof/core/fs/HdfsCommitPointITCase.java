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
package dev.azof.core.fs;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.testing.HdfsCluster;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commit point on HDFS (docs/spec.md, section 7), against Hadoop's in-process HDFS: of writers
 * racing for one name exactly one wins, readers never see a partial snapshot or a missing or
 * partial pointer, and no temporary file is left behind.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HdfsCommitPointITCase {

    private static final long SEED = Long.getLong("azof.seed", System.nanoTime());

    private static HdfsCluster hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        System.out.println("HdfsCommitPointITCase seed " + SEED);
        hdfs = HdfsCluster.start();
        FileSystem.initialize(HdfsCluster.flinkConfiguration(), null);
    }

    @AfterAll
    static void stopHdfs() throws IOException {
        FileSystem.initialize(new org.apache.flink.configuration.Configuration(), null);
        if (hdfs != null) {
            hdfs.close();
        }
    }

    /** Distinct content per writer, large enough to span several DataNode packets. */
    private static byte[] content(Random random, int writer) {
        byte[] b = new byte[64 * 1024 + random.nextInt(256 * 1024)];
        random.nextBytes(b);
        b[0] = (byte) writer;
        return b;
    }

    @Test
    void ofRacingWritersExactlyOneWinsAndReadersSeeWholeFilesOnly() throws Exception {
        Random random = new Random(SEED);
        Path dir = hdfs.newDir("race");
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            for (int round = 0; round < 8; round++) {
                Path target = new Path(dir, "s" + (round + 1) + ".json");
                MetadataWrites writes = MetadataWrites.forPath(target);
                byte[][] contents = new byte[writers][];
                for (int w = 0; w < writers; w++) {
                    contents[w] = content(random, w);
                }
                CountDownLatch go = new CountDownLatch(1);
                AtomicBoolean racing = new AtomicBoolean(true);
                // A reader polling the final name while the writers race.
                Future<Integer> reader =
                        pool.submit(
                                () -> {
                                    int seen = 0;
                                    go.await();
                                    while (racing.get()) {
                                        byte[] found = readIfExists(target);
                                        if (found != null) {
                                            boolean whole = false;
                                            for (byte[] c : contents) {
                                                whole |= Arrays.equals(found, c);
                                            }
                                            assertThat(whole)
                                                    .as("a reader found %s bytes under %s: not a whole file of a writer", found.length, target)
                                                    .isTrue();
                                            seen++;
                                        }
                                    }
                                    return seen;
                                });
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] mine = contents[w];
                    results.add(
                            pool.submit(
                                    () -> {
                                        go.await();
                                        try {
                                            writes.createExclusively(target, mine);
                                            return true;
                                        } catch (FileAlreadyExistsException lost) {
                                            return false;
                                        }
                                    }));
                }
                go.countDown();
                int won = -1;
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get()) {
                        assertThat(won).as("a second winner in round %s", round).isEqualTo(-1);
                        won = w;
                    }
                }
                racing.set(false);
                reader.get();
                assertThat(won).as("a winner in round %s", round).isNotEqualTo(-1);
                assertThat(readIfExists(target)).isEqualTo(contents[won]);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(names(dir)).as("no temporary file left").allMatch(n -> n.matches("s\\d+\\.json"));
    }

    @Test
    void aDirectoryUnderTheNameIsATakenName() throws Exception {
        Path dir = hdfs.newDir("dir-target");
        Path target = new Path(dir, "s2.json");
        FileSystem fs = target.getFileSystem();
        assertThat(fs.mkdirs(target)).isTrue();
        MetadataWrites writes = MetadataWrites.forPath(target);
        // Flink's rename would move the file into the directory and report success.
        assertThatThrownBy(() -> writes.createExclusively(target, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(fs.getFileStatus(target).isDir()).isTrue();
        assertThat(fs.listStatus(target)).isEmpty();
        assertThat(names(dir)).containsExactly("s2.json");
    }

    @Test
    void aFileUnderTheNameIsKeptAndTheLoserCleansUp() throws Exception {
        Path dir = hdfs.newDir("taken");
        Path target = new Path(dir, "s1.json");
        MetadataWrites writes = MetadataWrites.forPath(target);
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        writes.createExclusively(target, first);
        assertThatThrownBy(() -> writes.createExclusively(target, "second".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(readIfExists(target)).isEqualTo(first);
        assertThat(names(dir)).containsExactly("s1.json");
    }

    @Test
    void readersNeverFindThePointerMissingOrPartial() throws Exception {
        Path dir = hdfs.newDir("pointer");
        Path pointer = new Path(dir, "version.txt");
        MetadataWrites writes = MetadataWrites.forPath(pointer);
        writes.replace(pointer, "1".getBytes(StandardCharsets.UTF_8));
        int moves = 100;
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(
                        pool.submit(
                                () -> {
                                    long last = 0;
                                    // Through the table's own pointer read: a read that HDFS
                                    // fails because the file was replaced under it ("Blocklist
                                    // ... has changed") is read again; missing or partial never.
                                    SnapshotStore store = new SnapshotStore(dir);
                                    while (writing.get()) {
                                        long n = store.readPointer();
                                        assertThat(n).as("pointer moves forward").isGreaterThanOrEqualTo(last);
                                        last = n;
                                        reads.incrementAndGet();
                                    }
                                    return null;
                                }));
            }
            for (int n = 2; n <= moves; n++) {
                writes.replace(pointer, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reads.get()).isGreaterThan(10);
        assertThat(new String(readIfExists(pointer), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(moves));
        assertThat(names(dir)).containsExactly("version.txt");
    }

    @Test
    void theCommitPointIsHdfsRenameWithRetries() {
        Path target = new Path(hdfs.uri() + "/x/s1.json");
        MetadataWrites writes = MetadataWrites.forPath(target);
        assertThat(writes).isInstanceOf(RetryingMetadataWrites.class);
    }

    private static byte[] readIfExists(Path p) throws IOException {
        try (FSDataInputStream in = p.getFileSystem().open(p)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (FileStatus s : dir.getFileSystem().listStatus(dir)) {
            out.add(s.getPath().getName());
        }
        return out;
    }
}
