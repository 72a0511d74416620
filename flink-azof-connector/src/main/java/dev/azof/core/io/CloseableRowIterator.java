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

package dev.azof.core.io;

import org.apache.flink.table.data.RowData;

import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * A forward-only cursor over rows that holds a resource (an open file) and can fail with an {@link
 * IOException} while advancing.
 *
 * <p>Usage: {@code while (it.hasNext()) { RowData row = it.next(); ... }} inside
 * try-with-resources. {@link #hasNext()} may be called any number of times between calls to {@link
 * #next()}. Every row returned by {@link #next()} is owned by the caller: it stays valid after
 * later calls and after {@link #close()}.
 */
public interface CloseableRowIterator extends Closeable {

    /** Returns whether another row is available, reading ahead from the source if needed. */
    boolean hasNext() throws IOException;

    /**
     * Returns the next row.
     *
     * @throws NoSuchElementException if {@link #hasNext()} is false
     */
    RowData next() throws IOException;

    /** Releases the underlying resources. Idempotent. */
    @Override
    void close() throws IOException;
}
