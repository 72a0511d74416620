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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.commit.SnapshotPublisher;
import dev.azof.testing.FaultyTcpProxy;
import dev.azof.testing.FlinkPlugins;
import dev.azof.testing.S3ProxyServer;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The S3 commit point against a real S3 server (S3Proxy 4.1, which honours {@code If-None-Match}
 * between concurrent writers): of racing writers exactly one wins, where check-then-act (what
 * Flink's S3 file system does for NO_OVERWRITE) lets several win; an answer lost after the bytes
 * reached the store is settled by reading the object back; no error carries the secret key.
 */
@Timeout(180)
class S3MetadataWritesITCase {

    private static final String BUCKET = "commits";
    private static final int WRITERS = 16;
    private static final int ROUNDS = 5;

    @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        S3.createBucket(BUCKET);
        FlinkPlugins.initializeFileSystems(S3.flinkConfiguration());
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void theCommitPointOnS3IsChosenForS3AndS3aPaths() {
        assertThat(MetadataWrites.forPath(new Path("s3://" + BUCKET + "/t/s1.json")))
                .isInstanceOf(S3MetadataWrites.class);
        assertThat(MetadataWrites.forPath(new Path("s3a://" + BUCKET + "/t/s1.json")))
                .isInstanceOf(S3MetadataWrites.class)
                .isSameAs(MetadataWrites.forPath(new Path("s3://other/x")));
    }

    @Test
    void ofWritersRacingForOneSnapshotExactlyOneWinsEveryRound() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path target = new Path("s3://" + BUCKET + "/race/_azof/s" + round + ".json");
            List<byte[]> winners =
                    race(target, (path, content) -> SnapshotPublisher.createExclusively(path, content));
            assertThat(winners).as("round %d: writers that saw success", round).hasSize(1);
            assertThat(stored(target)).isEqualTo(winners.get(0));
        }
    }

    @Test
    void checkThenActLetsSeveralWritersWinTheSameRace() throws Exception {
        // What Flink's S3 file system does for create(NO_OVERWRITE): a HEAD, then the PUT at
        // close. The barrier lets every writer pass the check before any writes.
        CyclicBarrier between = new CyclicBarrier(WRITERS);
        Path target = new Path("s3://" + BUCKET + "/race-check-then-act/_azof/s1.json");
        List<byte[]> winners =
                race(
                        target,
                        (path, content) -> {
                            FileSystem fs = path.getFileSystem();
                            if (fs.exists(path)) {
                                throw new FileAlreadyExistsException(path.toString());
                            }
                            await(between);
                            try (OutputStream out = fs.create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
                                out.write(content);
                                await(between);
                            }
                        });
        assertThat(winners).as("writers that saw success").hasSizeGreaterThan(1);
        // All but one of them lost their snapshot silently.
        assertThat(winners.stream().filter(w -> java.util.Arrays.equals(w, stored(target))))
                .hasSize(1);
    }

    @Test
    void aPutWhoseAnswerIsLostAfterItHappenedIsReadBackAndCountsAsWon() throws Exception {
        try (FaultyTcpProxy proxy = proxyToS3();
                S3MetadataWrites writes = throughProxy(proxy)) {
            Path target = new Path("s3://" + BUCKET + "/lost-answer/s1.json");
            byte[] content = "ours".getBytes(StandardCharsets.UTF_8);
            proxy.dropResponses(1);
            writes.createExclusively(target, content);
            assertThat(stored(target)).isEqualTo(content);
        }
    }

    @Test
    void aPutWhoseAnswerIsLostWhileAnotherWriterHoldsTheNameLoses() throws Exception {
        try (FaultyTcpProxy proxy = proxyToS3();
                S3MetadataWrites writes = throughProxy(proxy)) {
            Path target = new Path("s3://" + BUCKET + "/lost-answer-taken/s1.json");
            put(target, "theirs");
            proxy.dropResponses(1);
            assertThatThrownBy(
                            () ->
                                    writes.createExclusively(
                                            target, "ours".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThat(new String(stored(target), StandardCharsets.UTF_8)).isEqualTo("theirs");
        }
    }

    @Test
    void aPutThatNeverReachedTheStoreIsTriedAgain() throws Exception {
        try (FaultyTcpProxy proxy = proxyToS3();
                S3MetadataWrites writes = throughProxy(proxy)) {
            Path target = new Path("s3://" + BUCKET + "/lost-request/s1.json");
            byte[] content = "ours".getBytes(StandardCharsets.UTF_8);
            proxy.dropRequests(2);
            writes.createExclusively(target, content);
            assertThat(stored(target)).isEqualTo(content);
            // The second time the name is taken, by this very content: a fresh writer that was
            // never ambiguous loses on the 412 alone.
            assertThatThrownBy(() -> writes.createExclusively(target, content))
                    .isInstanceOf(FileAlreadyExistsException.class);
        }
    }

    @Test
    void replaceOverwritesAndSurvivesALostAnswer() throws Exception {
        try (FaultyTcpProxy proxy = proxyToS3();
                S3MetadataWrites writes = throughProxy(proxy)) {
            Path pointer = new Path("s3://" + BUCKET + "/pointer/_azof/version");
            writes.replace(pointer, "1".getBytes(StandardCharsets.UTF_8));
            proxy.dropResponses(1);
            writes.replace(pointer, "2".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(stored(pointer), StandardCharsets.UTF_8)).isEqualTo("2");
        }
    }

    /**
     * The version pointer is replaced while readers read it through Flink's S3 file system
     * (which fails a read when the object changes between its open and its GET): every read
     * succeeds and sees a whole pointer, never older than one it saw before.
     *
     * <p>The pointers keep one length (10 to 99): Flink's S3 file system reads an object with a
     * ranged GET of the length its open saw, and S3Proxy's file store can answer it from an object
     * replaced in between (its If-Match check and its read are not one step), so a pointer growing
     * from "9" to "10" was once read as "1". S3 serves every GET from one object version and
     * refuses a changed one (412), so there a reader never sees part of a pointer.
     */
    @Test
    void readersOfAPointerBeingReplacedSeeWholePointersInOrder() throws Exception {
        Path table = new Path("s3://" + BUCKET + "/pointer-race");
        dev.azof.core.commit.SnapshotStore store = new dev.azof.core.commit.SnapshotStore(table);
        MetadataWrites writes = MetadataWrites.forPath(store.versionPath());
        writes.replace(store.versionPath(), "10".getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Future<Long> writer =
                pool.submit(
                        () -> {
                            long n = 10;
                            while (!stop.get() && n < 99) {
                                n++;
                                writes.replace(
                                        store.versionPath(),
                                        Long.toString(n).getBytes(StandardCharsets.UTF_8));
                                // A commit every 100 ms: more often than a sink commits.
                                Thread.sleep(100);
                            }
                            return n;
                        });
        try {
            long last = 0;
            for (int i = 0; i < 200; i++) {
                long seen = store.readPointer();
                assertThat(seen).as("read %s", i).isGreaterThanOrEqualTo(last);
                last = seen;
            }
            assertThat(last).as("the pointer moved while it was read").isGreaterThan(10);
        } finally {
            stop.set(true);
        }
        assertThat(writer.get(30, TimeUnit.SECONDS)).isGreaterThan(10);
    }

    @Test
    void errorsNameTheProblemAndNeverTheSecretKey() {
        // A wrong secret: S3 refuses the signature.
        String wrongSecret = "wrong-" + S3.secretKey();
        try (S3MetadataWrites wrongKey =
                new S3MetadataWrites(
                        S3MetadataWrites.newClient(
                                new S3Settings(
                                        S3.endpoint(), "us-east-1", true, S3.accessKey(), wrongSecret)),
                        new S3Settings(S3.endpoint(), "us-east-1", true, S3.accessKey(), wrongSecret))) {
            Path target = new Path("s3://" + BUCKET + "/denied/s1.json");
            assertThatThrownBy(() -> wrongKey.createExclusively(target, new byte[] {1}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(target.toString())
                    .hasMessageContaining("403")
                    .satisfies(e -> assertNoSecretIn(e, wrongSecret));
        }
        // A bucket that does not exist, with the right keys, through the publisher.
        Path missing = new Path("s3://no-such-bucket/t/_azof/s1.json");
        assertThatThrownBy(() -> SnapshotPublisher.createExclusively(missing, new byte[] {1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("NoSuchBucket")
                .satisfies(e -> assertNoSecretIn(e, S3.secretKey()));
        assertThat(S3Settings.from(S3.flinkConfiguration()).toString())
                .doesNotContain(S3.secretKey())
                .doesNotContain(S3.accessKey());
    }

    private interface Create {
        void create(Path path, byte[] content) throws Exception;
    }

    /** Runs WRITERS writers at once; returns the contents of those that saw success. */
    private static List<byte[]> race(Path target, Create create) throws Exception {
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<byte[]>> outcomes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            byte[] content = ("{\"writer\":" + w + "}").getBytes(StandardCharsets.UTF_8);
            outcomes.add(
                    pool.submit(
                            () -> {
                                await(start);
                                try {
                                    create.create(target, content);
                                    return content;
                                } catch (FileAlreadyExistsException lost) {
                                    return null;
                                }
                            }));
        }
        List<byte[]> winners = new ArrayList<>();
        for (Future<byte[]> outcome : outcomes) {
            byte[] won = outcome.get(60, TimeUnit.SECONDS);
            if (won != null) {
                winners.add(won);
            }
        }
        return winners;
    }

    private static void await(CyclicBarrier barrier) throws IOException {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IOException("writers did not meet at the barrier", e);
        }
    }

    private static FaultyTcpProxy proxyToS3() throws IOException {
        URI endpoint = URI.create(S3.endpoint());
        return new FaultyTcpProxy(endpoint.getHost(), endpoint.getPort());
    }

    private static S3MetadataWrites throughProxy(FaultyTcpProxy proxy) {
        S3Settings settings =
                new S3Settings(
                        "http://127.0.0.1:" + proxy.port(),
                        "us-east-1",
                        true,
                        S3.accessKey(),
                        S3.secretKey());
        return new S3MetadataWrites(S3MetadataWrites.newClient(settings), settings);
    }

    private static byte[] stored(Path path) {
        S3MetadataWrites.S3Location at = S3MetadataWrites.S3Location.of(path);
        try (S3Client s3 = S3.client()) {
            return s3.getObjectAsBytes(b -> b.bucket(at.bucket).key(at.key)).asByteArray();
        }
    }

    private static void put(Path path, String content) {
        S3MetadataWrites.S3Location at = S3MetadataWrites.S3Location.of(path);
        try (S3Client s3 = S3.client()) {
            s3.putObject(b -> b.bucket(at.bucket).key(at.key), RequestBody.fromString(content));
        }
    }

    private static void assertNoSecretIn(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
    }
}
