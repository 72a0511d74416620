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

package dev.azof.core.read;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that open data files for a merge concurrently, shared by the readers of a JVM (a
 * task manager's slots): opening is I/O-bound on an object store, so a few threads beyond the
 * cores pay off, and a bound keeps many readers from flooding the store. Daemon threads that end
 * when idle.
 */
final class FileOpens {

    /** Opens in flight per JVM at most. */
    static final int THREADS = 8;

    private static final AtomicInteger COUNT = new AtomicInteger();

    private static final ThreadPoolExecutor POOL = newPool();

    private FileOpens() {}

    private static ThreadPoolExecutor newPool() {
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        THREADS,
                        THREADS,
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "azof-file-open-" + COUNT.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    static <T> Future<T> submit(Callable<T> open) {
        return POOL.submit(open);
    }
}
