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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded retries with backoff for storage operations that are safe to repeat: reading metadata,
 * deleting a file that may be gone, writing the version pointer again, and the commit point once
 * a read-back has shown that a failed attempt did not happen (see {@link RetryingMetadataWrites}).
 * A remote store fails now and then (a dropped connection, a throttled request); a repeat usually
 * succeeds, and a failure that persists surfaces with its cause after a second or so.
 *
 * <p>Failures that a repeat cannot fix are not retried: a missing file, a name that is taken, a
 * refused permission.
 */
public final class Retries {

    /** Attempts in all, the first included. */
    static final int ATTEMPTS = 4;

    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 800;

    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

    private static final AtomicLong RETRIED = new AtomicLong();

    private Retries() {}

    /** An operation on the store. */
    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }

    /** An operation on the store without a result. */
    @FunctionalInterface
    public interface IoRunnable {
        void run() throws IOException;
    }

    /**
     * Runs {@code action}, repeating it after a transient failure (at most {@link #ATTEMPTS} times
     * in all, with growing pauses). {@code what} names the operation in the log ("read
     * hdfs://nn/t/s3.json").
     */
    public static <T> T call(String what, IoAction<T> action) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.run();
            } catch (IOException e) {
                if (attempt >= ATTEMPTS || isPermanent(e)) {
                    throw e;
                }
                pause(what, attempt, e);
            }
        }
    }

    /** {@link #call} for an operation without a result. */
    public static void run(String what, IoRunnable action) throws IOException {
        call(
                what,
                () -> {
                    action.run();
                    return null;
                });
    }

    /** Sleeps before attempt {@code attempt + 1}, after logging why. */
    static void pause(String what, int attempt, IOException cause) throws IOException {
        RETRIED.incrementAndGet();
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (2 * (attempt - 1)));
        long sleep = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        LOG.warn(
                "{} failed (attempt {} of {}): {}; retrying in {} ms",
                what,
                attempt,
                ATTEMPTS,
                FileOperations.reason(cause),
                sleep);
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while retrying " + what);
            interrupted.initCause(cause);
            throw interrupted;
        }
    }

    /** Whether repeating an operation that failed with {@code e} cannot help. */
    public static boolean isPermanent(IOException e) {
        if (e instanceof FileNotFoundException
                || e instanceof NoSuchFileException
                || e instanceof FileAlreadyExistsException
                || e instanceof AccessDeniedException
                // A timed-out socket is worth another try; an interrupted thread is not.
                || (e instanceof InterruptedIOException
                        && !(e instanceof java.net.SocketTimeoutException))) {
            return true;
        }
        // Hadoop's own exceptions, matched by name: in the shaded connector jar Hadoop's classes
        // are relocated, while the file system throws the unrelocated ones.
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            String name = c.getSimpleName();
            if (name.equals("FileAlreadyExistsException")
                    || name.equals("AccessControlException")
                    || name.equals("ParentNotDirectoryException")
                    || name.equals("PathIsNotEmptyDirectoryException")) {
                return true;
            }
        }
        return false;
    }

    /** How many operations were repeated in this process so far (for tests and diagnostics). */
    public static long retriedSoFar() {
        return RETRIED.get();
    }
}
