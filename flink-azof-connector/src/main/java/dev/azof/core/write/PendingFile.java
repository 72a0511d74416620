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
package dev.azof.core.write;

import dev.azof.core.metadata.DataFile;

import java.io.Serializable;
import java.time.Instant;

/**
 * A data file written but not yet committed: the file (whose sequence the commit assigns) and an
 * event time inside the leaf segment it belongs to.
 */
public final class PendingFile implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Instant segmentAnchor;
    private final DataFile file;

    public PendingFile(Instant segmentAnchor, DataFile file) {
        this.segmentAnchor = segmentAnchor;
        this.file = file;
    }

    public Instant segmentAnchor() {
        return segmentAnchor;
    }

    public DataFile file() {
        return file;
    }

    /** The file as committed in snapshot {@code sequence}. */
    public DataFile committedAs(long sequence) {
        // withSequence keeps every other attribute, tombstones_from of a base included.
        return file.withSequence(sequence);
    }

    @Override
    public String toString() {
        return file + "@" + segmentAnchor;
    }
}
