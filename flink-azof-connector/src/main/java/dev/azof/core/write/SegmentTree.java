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
import dev.azof.core.metadata.Segment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds new segment trees: finds (or creates) the leaf segment of an event time under a
 * coarse-to-fine granularity layout and adds files to it. Trees are immutable; each change
 * returns a new list of top-level segments.
 */
public final class SegmentTree {

    private SegmentTree() {}

    /** The ids of the path of segments, top to leaf, that hold {@code t}. */
    public static List<String> pathOf(Instant t, List<SegmentGranularity> layout) {
        List<String> ids = new ArrayList<>();
        for (SegmentGranularity g : layout) {
            ids.add(g.id(g.floor(t)));
        }
        return ids;
    }

    /** The leaf id of {@code t}: segments are keyed by their leaf. */
    public static String leafId(Instant t, List<SegmentGranularity> layout) {
        SegmentGranularity leaf = layout.get(layout.size() - 1);
        return leaf.id(leaf.floor(t));
    }

    /** Adds bases and deltas to the leaf segment holding {@code t}, creating segments as needed. */
    public static List<Segment> addFiles(
            List<Segment> top,
            Instant t,
            List<SegmentGranularity> layout,
            List<DataFile> bases,
            List<DataFile> deltas) {
        return add(top, t, layout, 0, bases, deltas);
    }

    private static List<Segment> add(
            List<Segment> level,
            Instant t,
            List<SegmentGranularity> layout,
            int depth,
            List<DataFile> bases,
            List<DataFile> deltas) {
        SegmentGranularity g = layout.get(depth);
        Instant start = g.floor(t);
        String id = g.id(start);
        List<Segment> out = new ArrayList<>(level);
        int at = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).id().equals(id)) {
                at = i;
                break;
            }
        }
        Segment seg;
        if (at < 0) {
            Instant end = g.next(start).minus(1, ChronoUnit.MICROS);
            seg = new Segment(id, start, end, List.of(), List.of(), List.of());
        } else {
            seg = out.get(at);
        }
        if (depth == layout.size() - 1) {
            List<DataFile> newBases = new ArrayList<>(seg.bases());
            newBases.addAll(bases);
            List<DataFile> newDeltas = new ArrayList<>(seg.deltas());
            newDeltas.addAll(deltas);
            seg = seg.withFiles(newBases, newDeltas);
        } else {
            seg = seg.withChildren(add(seg.children(), t, layout, depth + 1, bases, deltas));
        }
        if (at < 0) {
            out.add(seg);
        } else {
            out.set(at, seg);
        }
        out.sort(Comparator.comparing(Segment::start));
        return out;
    }

    /** Every segment of the tree, parents before children. */
    public static List<Segment> flatten(List<Segment> top) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : top) {
            out.add(s);
            out.addAll(flatten(s.children()));
        }
        return out;
    }
}
