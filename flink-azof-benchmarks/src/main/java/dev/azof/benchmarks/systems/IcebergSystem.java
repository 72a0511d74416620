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
package dev.azof.benchmarks.systems;

import dev.azof.benchmarks.BenchContext;
import dev.azof.benchmarks.HistoryGenerator;
import dev.azof.benchmarks.Scenario;
import dev.azof.benchmarks.Workspace;

/**
 * Apache Iceberg 1.11 (Hadoop catalog, format version 2, Parquet with ZSTD): ingest appends the
 * history; as-of reads run Flink SQL over the table the last ingest run wrote.
 */
public final class IcebergSystem extends SqlPeerSystem {

    public IcebergSystem(BenchContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "iceberg";
    }

    @Override
    protected String[] catalogStatements() {
        return new String[] {
            "CREATE CATALOG IF NOT EXISTS iceberg WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop',"
                    + " 'property-version' = '1', 'warehouse' = '"
                    + ctx.workspace().icebergWarehouse().toUri()
                    + "')",
            "CREATE DATABASE IF NOT EXISTS iceberg.bench"
        };
    }

    @Override
    protected String[] ingestTableStatements() {
        return new String[] {
            "DROP TABLE IF EXISTS " + ingestTable(),
            "CREATE TABLE "
                    + ingestTable()
                    + " ("
                    + HistoryGenerator.COLUMNS_DDL
                    + ") WITH ('format-version' = '2', 'write.format.default' = 'parquet',"
                    + " 'write.parquet.compression-codec' = 'zstd')"
        };
    }

    @Override
    protected String ingestTable() {
        return "iceberg.bench.main";
    }

    @Override
    protected String readTable(Scenario scenario) {
        if (!scenario.history().equals("main")) {
            throw new IllegalArgumentException("Iceberg reads only the ingested main history");
        }
        if (!java.nio.file.Files.exists(ingestDoneMarker())) {
            throw new IllegalStateException(
                    "the Iceberg as-of reads use the table of the last Iceberg ingest run: run ingest first");
        }
        return ingestTable();
    }

    @Override
    protected long readTableBytes(Scenario scenario) {
        return Workspace.bytesUnder(
                ctx.workspace().icebergWarehouse().resolve("bench").resolve("main").resolve("data"),
                ".parquet");
    }
}
