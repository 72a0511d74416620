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

import org.apache.flink.table.data.RowData;

import java.io.Closeable;
import java.io.IOException;

/** A pull iterator over rows that may do I/O. Rows returned stay valid after the next call. */
public interface RowIterator extends Closeable {
    boolean hasNext() throws IOException;

    RowData next() throws IOException;

    /**
     * The next row like {@link #next()}, but one the iterator may reuse: valid only until the
     * next call to {@link #hasNext()} or a next method. For callers that use each row at once
     * (and copy what they keep), it saves a copy per row.
     */
    default RowData nextTransient() throws IOException {
        return next();
    }

    @Override
    void close() throws IOException;
}
