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
import dev.azof.core.compaction.ExpirationResult;
import dev.azof.core.compaction.SnapshotExpiration;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.procedure.ProcedureContext;
import org.apache.flink.table.procedures.Procedure;

import java.io.IOException;

/**
 * {@code CALL azof.system.expire('t', retain_last)}: keeps the last {@code retain_last} snapshots
 * of an Azof table of the catalog and deletes the data files no retained snapshot references and
 * older than the default minimum file age (1 hour), like {@code azof expire --retain-last N}.
 * Runs on the client; no Flink job is started.
 */
@PublicEvolving
public final class ExpireProcedure implements Procedure {

    public static final String NAME = "expire";

    private final AzofCatalog catalog;

    ExpireProcedure(AzofCatalog catalog) {
        this.catalog = catalog;
    }

    public String[] call(ProcedureContext context, String table, Integer retainLast) {
        Path dir = catalog.procedureTable(table);
        if (retainLast == null) {
            throw new TableException("expire needs the number of snapshots to retain");
        }
        try {
            ExpirationResult r = new SnapshotExpiration(dir).retainLast(retainLast).run();
            return new String[] {r.toString()};
        } catch (IOException | AzofException e) {
            throw new TableException("cannot expire azof table '" + table + "': " + e.getMessage(), e);
        }
    }
}
