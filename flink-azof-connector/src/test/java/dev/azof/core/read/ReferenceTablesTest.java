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

import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.DataFileRef;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The original's tables read with the original's answers (test-data/azof-reference/EXPECTED.md). */
class ReferenceTablesTest {

    static List<RowData> read(String table, AsOf asOf) throws Exception {
        AzofTable t = AzofTable.open(ReferenceTables.table(table));
        List<RowData> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(t, t.plan(asOf))) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    static Map<String, String> keyToValue(String table, AsOf asOf) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (RowData r : read(table, asOf)) {
            out.put(r.getString(0).toString(), r.getString(2).toString());
        }
        return out;
    }

    @Test
    void table0() throws Exception {
        assertThat(keyToValue("table0", AsOf.current())).isEqualTo(Map.of("1", "abc2", "2", "xyz2", "3", "www2"));
        assertThat(keyToValue("table0", AsOf.parse("2024-02-17T00:00:00Z"))).isEqualTo(Map.of("1", "abc2", "2", "xyz"));
    }

    @Test
    void table1() throws Exception {
        assertThat(keyToValue("table1", AsOf.current())).isEqualTo(Map.of("1", "abc4", "2", "xyz3"));
        assertThat(keyToValue("table1", AsOf.parse("2024-06-01T00:00:00Z"))).isEqualTo(Map.of("1", "abc3", "2", "xyz2"));
        assertThat(keyToValue("table1", AsOf.parse("2024-02-01T00:00:00Z"))).isEqualTo(Map.of("1", "abc2"));
    }

    @Test
    void table2AllColumns() throws Exception {
        Map<String, String> current = new TreeMap<>();
        for (RowData r : read("table2", AsOf.current())) {
            current.put(
                    r.getString(0).toString(),
                    r.getTimestamp(1, 3).toInstant() + " " + r.getString(2) + " " + r.getLong(3) + " "
                            + r.getBoolean(4) + " " + r.getTimestamp(5, 3).toInstant());
        }
        assertThat(current)
                .containsEntry("1", "2024-02-01T00:00:00Z abc2 100 true 2024-01-01T00:00:00Z")
                .containsEntry("2", "2024-02-20T00:00:00Z xyz2 222 false 2024-01-01T00:00:00Z")
                .containsEntry("3", "2024-03-10T00:00:00Z www2 300 false 2024-03-01T00:00:00Z")
                .hasSize(3);
        assertThat(keyToValue("table2", AsOf.parse("2024-02-17 00:00:00"))).isEqualTo(Map.of("1", "abc2", "2", "xyz"));
    }

    @Test
    void planOpensOnlyTheFilesInRange() {
        AzofTable t = AzofTable.open(ReferenceTables.table("table0"));
        ScanPlan current = t.plan(AsOf.current());
        assertThat(current.files()).extracting(DataFileRef::path).containsExactly("delta1.parquet", "base.parquet");
        ScanPlan before = t.plan(AsOf.parse("2024-01-15T00:00:00Z"));
        assertThat(before.files()).extracting(DataFileRef::path).containsExactly("base.parquet");
        assertThat(before.totalRows()).isEqualTo(2);
        assertThat(before.totalBytes()).isPositive();
        assertThat(t.plan(AsOf.parse("2023-06-01T00:00:00Z")).files()).isEmpty();
    }

    @Test
    void referenceTablesValidate() {
        for (String table : new String[] {"table0", "table1", "table2"}) {
            assertThat(TableValidator.validate(ReferenceTables.table(table))).as(table).isEmpty();
        }
    }
}
