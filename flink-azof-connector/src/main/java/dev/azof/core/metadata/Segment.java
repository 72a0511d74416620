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
package dev.azof.core.metadata;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A node of the segment tree: an event-time range {@code [start, end]} (end inclusive, open when
 * absent) with optional base files, delta files and child segments.
 *
 * <p>azof 0.2 segments have at most one base ({@code file}); segments of this project have one
 * base per bucket.
 */
public final class Segment implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final Instant start;
    private final Instant end;
    private final List<DataFile> bases;
    private final List<DataFile> deltas;
    private final List<Segment> children;

    public Segment(
            String id,
            Instant start,
            Instant end,
            List<DataFile> bases,
            List<DataFile> deltas,
            List<Segment> children) {
        this.id = Objects.requireNonNull(id);
        this.start = Objects.requireNonNull(start);
        this.end = end;
        this.bases = Collections.unmodifiableList(new ArrayList<>(bases));
        this.deltas = Collections.unmodifiableList(new ArrayList<>(deltas));
        this.children = Collections.unmodifiableList(new ArrayList<>(children));
    }

    public String id() {
        return id;
    }

    public Instant start() {
        return start;
    }

    /** Inclusive end, or null for an open segment (the current one). */
    public Instant end() {
        return end;
    }

    public List<DataFile> bases() {
        return bases;
    }

    public List<DataFile> deltas() {
        return deltas;
    }

    public List<Segment> children() {
        return children;
    }

    /** Whether the event time lies in {@code [start, end]}. */
    public boolean contains(Instant t) {
        return !t.isBefore(start) && (end == null || !t.isAfter(end));
    }

    public Segment withFiles(List<DataFile> newBases, List<DataFile> newDeltas) {
        return new Segment(id, start, end, newBases, newDeltas, children);
    }

    public Segment withChildren(List<Segment> newChildren) {
        return new Segment(id, start, end, bases, deltas, newChildren);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Segment)) {
            return false;
        }
        Segment s = (Segment) o;
        return id.equals(s.id)
                && start.equals(s.start)
                && Objects.equals(end, s.end)
                && bases.equals(s.bases)
                && deltas.equals(s.deltas)
                && children.equals(s.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, start, end);
    }

    @Override
    public String toString() {
        return "Segment(" + id + ", " + start + ".." + end + ")";
    }
}
