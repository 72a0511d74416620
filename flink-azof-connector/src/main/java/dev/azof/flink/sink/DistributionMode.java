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
package dev.azof.flink.sink;

import org.apache.flink.annotation.PublicEvolving;

/**
 * How rows reach the sink's writers. The choice trades files against throughput: it changes
 * neither what a read returns (ties aside, see {@link #NONE}) nor the exactly-once guarantees.
 *
 * <p>Why no shuffle is the default: an Azof read resolves every key by event time, not by which
 * writer saw a row first, so unlike a table merged in arrival order (Paimon's primary-key tables,
 * Iceberg's equality deletes) a table needs no key routing to be correct. The shuffle buys fewer
 * files per checkpoint, at a price paid for every row.
 */
@PublicEvolving
public enum DistributionMode {
    /**
     * Shuffle rows by key bucket, like Paimon's bucketed tables: each bucket has one writer, so a
     * checkpoint writes at most one file per (segment, bucket) and spill, and all rows of a key
     * pass through one writer in the order its upstream subtask sent them, whatever the sink's
     * parallelism. The shuffle hashes, serializes and deserializes every row (12-22% less ingest
     * throughput in the benchmarks), and writers beyond the bucket count stay idle. Choose it when
     * parallelism times buckets would make too many small files between compactions.
     */
    BUCKET,
    /**
     * No shuffle (the default), like Iceberg's {@code write.distribution-mode=none}: each writer
     * takes the rows of its upstream subtask (chained to it when the parallelism is the same) and
     * writes every bucket it sees, so every writer works whatever the bucket count, but each
     * checkpoint writes up to parallelism times more files (compaction folds them). Ties (rows of
     * one key with equal event times) still go to the row its upstream subtask sent last as long
     * as the sink keeps its input's parallelism; if Flink must rebalance between them (a sink
     * parallelism other than its input's, in the DataStream API), tied rows may reach different
     * writers, and then the file listed later in the commit wins.
     */
    NONE;

    /** The mode a sink uses unless told otherwise. */
    public static final DistributionMode DEFAULT = NONE;

    /** Parses {@code bucket} or {@code none} (any case). */
    public static DistributionMode parse(String text) {
        return OptionEnums.parse(values(), text, "a distribution mode");
    }
}
