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

import dev.azof.testing.FailingFileSystem;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link RetryingMetadataWrites} makes of a store's failures, with a hand-written store. */
class RetryingMetadataWritesTest {

    @TempDir java.nio.file.Path tmp;

    @AfterEach
    void stopFaults() {
        FailingFileSystem.stop();
    }

    private static final byte[] MINE = "mine".getBytes(StandardCharsets.UTF_8);

    /** The local commit point, failing as told: before writing, or after. */
    private static final class FlakyStore implements MetadataWrites {
        final AtomicInteger calls = new AtomicInteger();
        int failBefore;
        int failAfter;
        IOException failure = new IOException("connection reset");

        @Override
        public void createExclusively(Path target, byte[] content) throws IOException {
            calls.incrementAndGet();
            if (failBefore > 0) {
                failBefore--;
                throw failure;
            }
            LocalMetadataWrites.INSTANCE.createExclusively(local(target), content);
            if (failAfter > 0) {
                failAfter--;
                throw failure;
            }
        }

        @Override
        public void replace(Path target, byte[] content) throws IOException {
            calls.incrementAndGet();
            if (failBefore > 0) {
                failBefore--;
                throw failure;
            }
            LocalMetadataWrites.INSTANCE.replace(local(target), content);
        }

        private static Path local(Path p) {
            return new Path("file://" + p.toUri().getPath());
        }
    }

    private Path target() {
        return new Path(tmp.resolve("s2.json").toUri());
    }

    @Test
    void aWriteThatHappenedBeforeItsErrorIsASuccess() throws Exception {
        FlakyStore store = new FlakyStore();
        store.failAfter = 1;
        new RetryingMetadataWrites(store).createExclusively(target(), MINE);
        assertThat(store.calls).hasValue(1);
        assertThat(Files.readAllBytes(tmp.resolve("s2.json"))).isEqualTo(MINE);
    }

    @Test
    void aWriteThatDidNotHappenIsTriedAgain() throws Exception {
        FlakyStore store = new FlakyStore();
        store.failBefore = 2;
        long retried = Retries.retriedSoFar();
        new RetryingMetadataWrites(store).createExclusively(target(), MINE);
        assertThat(store.calls).hasValue(3);
        assertThat(Retries.retriedSoFar() - retried).isGreaterThanOrEqualTo(2);
        assertThat(Files.readAllBytes(tmp.resolve("s2.json"))).isEqualTo(MINE);
    }

    @Test
    void anotherWritersFileFoundAfterAnErrorMeansTheRaceIsLost() throws Exception {
        Files.write(tmp.resolve("s2.json"), "theirs".getBytes(StandardCharsets.UTF_8));
        FlakyStore store = new FlakyStore();
        store.failBefore = 1;
        assertThatThrownBy(() -> new RetryingMetadataWrites(store).createExclusively(target(), MINE))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(store.calls).hasValue(1);
    }

    @Test
    void aTakenNameIsNotRetriedAndAPermanentFailureNeither() throws Exception {
        Files.write(tmp.resolve("s2.json"), "theirs".getBytes(StandardCharsets.UTF_8));
        FlakyStore store = new FlakyStore();
        assertThatThrownBy(() -> new RetryingMetadataWrites(store).createExclusively(target(), MINE))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(store.calls).hasValue(1);

        FlakyStore refusing = new FlakyStore();
        refusing.failBefore = 10;
        refusing.failure = new AccessDeniedException("s3.json");
        Path other = new Path(tmp.resolve("s3.json").toUri());
        assertThatThrownBy(() -> new RetryingMetadataWrites(refusing).createExclusively(other, MINE))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(refusing.calls).hasValue(1);
    }

    @Test
    void failuresThatPersistSurfaceAfterBoundedAttempts() {
        FlakyStore store = new FlakyStore();
        store.failBefore = 100;
        assertThatThrownBy(() -> new RetryingMetadataWrites(store).replace(target(), MINE))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertThat(store.calls).hasValue(Retries.ATTEMPTS);
    }

    @Test
    void anErrorThatCannotBeReadBackIsAnUnknownOutcome() {
        // Every open of the fail:// file system fails (4 x its quarter share): the read-back cannot tell.
        FailingFileSystem.inject(1, 4.0, 1_000, 0);
        FlakyStore store = new FlakyStore();
        store.failAfter = 100;
        Path target = FailingFileSystem.wrap(tmp.resolve("s2.json"));
        assertThatThrownBy(() -> new RetryingMetadataWrites(store).createExclusively(target, MINE))
                .isInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageContaining("cannot tell whether")
                .satisfies(e -> assertThat(CommitOutcomeUnknownException.isCause(new RuntimeException(e))).isTrue());
    }
}
