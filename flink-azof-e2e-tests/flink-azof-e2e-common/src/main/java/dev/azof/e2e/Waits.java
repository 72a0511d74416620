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
package dev.azof.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polling until something holds, with a deadline: processes start and jobs end in their time. */
public final class Waits {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private Waits() {}

    /**
     * Polls {@code condition} until it returns true; fails after {@code timeout}. An exception of
     * the condition ends the wait at once (e.g. a process that died will never become ready).
     */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean done;
            try {
                done = condition.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("failed waiting for " + what + ": " + e, e);
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Sleeps, keeping the interrupt flag for the caller. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
