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
package dev.azof.flink.catalog;

import dev.azof.core.AzofException;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.procedure.ProcedureContext;
import org.apache.flink.table.procedures.Procedure;

import java.io.IOException;

/**
 * {@code CALL azof.system.compact('t')}: compacts an Azof table of the catalog once with the
 * default policy (docs/compaction.md) and returns what it did, like {@code azof compact}. Runs on
 * the client; no Flink job is started. Every as-of answer is unchanged.
 */
@PublicEvolving
public final class CompactProcedure implements Procedure {

    public static final String NAME = "compact";

    private final AzofCatalog catalog;

    CompactProcedure(AzofCatalog catalog) {
        this.catalog = catalog;
    }

    public String[] call(ProcedureContext context, String table) {
        Path dir = catalog.procedureTable(table);
        try {
            CompactionResult r = new Compactor(dir, CompactionPolicy.defaults()).run();
            return new String[] {r.toString()};
        } catch (IOException | AzofException e) {
            throw new TableException("cannot compact azof table '" + table + "': " + e.getMessage(), e);
        }
    }
}
