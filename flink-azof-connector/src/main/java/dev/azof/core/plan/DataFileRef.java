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
package dev.azof.core.plan;

/** A data file a read opens, with its size and row count, as {@code azof plan} lists it. */
public final class DataFileRef {
    private final String path;
    private final long bytes;
    private final long rows;

    public DataFileRef(String path, long bytes, long rows) {
        this.path = path;
        this.bytes = bytes;
        this.rows = rows;
    }

    /** Path relative to the table directory. */
    public String path() {
        return path;
    }

    public long bytes() {
        return bytes;
    }

    public long rows() {
        return rows;
    }

    @Override
    public String toString() {
        return path + " (" + bytes + " bytes, " + rows + " rows)";
    }
}
