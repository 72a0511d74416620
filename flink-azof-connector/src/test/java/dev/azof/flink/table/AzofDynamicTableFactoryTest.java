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
package dev.azof.flink.table;

import dev.azof.core.plan.AsOf;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.ParallelismProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.factories.utils.FactoryMocks;

import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation of the options and of the declared columns by {@link AzofDynamicTableFactory}. */
class AzofDynamicTableFactoryTest {

    /** The columns of reference table2. */
    private static final ResolvedSchema TABLE2 =
            ResolvedSchema.of(
                    Column.physical("key", DataTypes.STRING()),
                    Column.physical("event_time", DataTypes.TIMESTAMP_LTZ(3)),
                    Column.physical("value1", DataTypes.STRING()),
                    Column.physical("value2", DataTypes.BIGINT()),
                    Column.physical("is_active", DataTypes.BOOLEAN()),
                    Column.physical("created", DataTypes.TIMESTAMP_LTZ(3)));

    private static Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "azof");
        options.put("path", ReferenceTables.table("table2"));
        return options;
    }

    private static AzofDynamicSource create(ResolvedSchema schema, Map<String, String> options) {
        DynamicTableSource source = FactoryMocks.createTableSource(schema, options);
        assertThat(source).isInstanceOf(AzofDynamicSource.class);
        return (AzofDynamicSource) source;
    }

    @Test
    void createsASourceForTheDeclaredColumns() {
        AzofDynamicSource source = create(TABLE2, options());
        assertThat(source.path()).isEqualTo(ReferenceTables.table("table2"));
        assertThat(source.asOf()).isEqualTo(AsOf.current());
        assertThat(source.snapshotId()).isNull();
        assertThat(source.fields()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(source.limit()).isEqualTo(-1);
        assertThat(source.buckets()).isNull();
        assertThat(source.asSummaryString()).isEqualTo("Azof");
    }

    @Test
    void mapsColumnsByNameInDeclaredOrder() {
        ResolvedSchema subset =
                ResolvedSchema.of(
                        Column.physical("value2", DataTypes.BIGINT().notNull()),
                        Column.physical("key", DataTypes.STRING().notNull()));
        assertThat(create(subset, options()).fields()).containsExactly(3, 0);
    }

    @Test
    void readsScanOptions() {
        Map<String, String> options = options();
        options.put("scan.as-of", "2024-02-17 00:00:00");
        options.put("scan.snapshot-id", "1");
        AzofDynamicSource source = create(TABLE2, options);
        assertThat(source.asOf()).isEqualTo(AsOf.parse("2024-02-17T00:00:00Z"));
        assertThat(source.snapshotId()).isEqualTo(1L);
    }

    @Test
    void acceptsTableCreationOptions() {
        Map<String, String> options = options();
        options.put("bucket", "8");
        options.put("segment.granularity", "year,quarter");
        options.put("event-time.column", "event_time");
        assertThat(create(TABLE2, options)).isNotNull();
    }

    @Test
    void scanParallelismGoesToTheProvider() {
        Map<String, String> options = options();
        assertThat(parallelism(create(TABLE2, options))).isEmpty();

        options.put("scan.parallelism", "2");
        AzofDynamicSource source = create(TABLE2, options);
        assertThat(parallelism(source)).contains(2);
        assertThat(parallelism(source.copy())).contains(2);

        options.put("scan.parallelism", "-1");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .hasStackTraceContaining("'scan.parallelism'='-1' must be at least 1");
    }

    private static Optional<Integer> parallelism(DynamicTableSource source) {
        return ((ParallelismProvider)
                        ((ScanTableSource) source).getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE))
                .getParallelism();
    }

    @Test
    void unknownOptionIsAnError() {
        Map<String, String> options = options();
        options.put("scan.as-off", "2024-02-17T00:00:00Z");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("scan.as-off");
    }

    @Test
    void badAsOfNamesOptionAndValue() {
        Map<String, String> options = options();
        options.put("scan.as-of", "yesterday");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("'scan.as-of'='yesterday' is not an ISO-8601 instant");
    }

    @Test
    void emptyAsOfIsAnError() {
        Map<String, String> options = options();
        options.put("scan.as-of", " ");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("'scan.as-of'=' '");
    }

    @Test
    void missingPathIsAnError() {
        Map<String, String> options = options();
        options.remove("path");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("Missing required options")
                .hasStackTraceContaining("path");
    }

    @Test
    void snapshotIdBelowOneIsAnError() {
        Map<String, String> options = options();
        options.put("scan.snapshot-id", "0");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("'scan.snapshot-id'='0'");
    }

    @Test
    void snapshotIdThatIsNotANumberIsAnError() {
        Map<String, String> options = options();
        options.put("scan.snapshot-id", "latest");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("scan.snapshot-id");
    }

    @Test
    void snapshotIdThatDoesNotExistIsAnError() {
        Map<String, String> options = options();
        options.put("scan.snapshot-id", "7");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("'scan.snapshot-id'='7'")
                .hasStackTraceContaining("does not exist");
    }

    @Test
    void directoryThatIsNotATableIsAnError(@TempDir Path dir) {
        Map<String, String> options = options();
        options.put("path", dir.toString());
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("'path'='" + dir + "' is not an azof table");
    }

    @Test
    void missingDirectoryIsAnError(@TempDir Path dir) {
        Map<String, String> options = options();
        options.put("path", dir.resolve("nope").toString());
        assertThatThrownBy(() -> FactoryMocks.createTableSource(TABLE2, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("is not an azof table");
    }

    @Test
    void declaredColumnMissingFromTheTableIsAnError() {
        ResolvedSchema schema =
                ResolvedSchema.of(
                        Column.physical("key", DataTypes.STRING()),
                        Column.physical("value3", DataTypes.STRING()));
        assertThatThrownBy(() -> FactoryMocks.createTableSource(schema, options()))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("column 'value3'")
                .hasStackTraceContaining("does not exist in the azof table");
    }

    @Test
    void declaredColumnOfAnotherTypeIsAnError() {
        ResolvedSchema schema =
                ResolvedSchema.of(
                        Column.physical("key", DataTypes.STRING()),
                        Column.physical("value2", DataTypes.INT()));
        assertThatThrownBy(() -> FactoryMocks.createTableSource(schema, options()))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("column 'value2'")
                .hasStackTraceContaining("declared as INT")
                .hasStackTraceContaining("stores it as BIGINT");
    }

    @Test
    void tablesOfThisProjectAreCheckedToo(@TempDir Path dir) {
        String path = AzofTestTables.writeTrapTable(dir);
        Map<String, String> options = options();
        options.put("path", path);
        ResolvedSchema ok =
                ResolvedSchema.of(
                        Column.physical("ts", DataTypes.TIMESTAMP(3)),
                        Column.physical("k", DataTypes.STRING().notNull()),
                        Column.physical("v", DataTypes.STRING()));
        assertThat(create(ok, options).fields()).containsExactly(2, 0, 1);
        ResolvedSchema ltz =
                ResolvedSchema.of(
                        Column.physical("k", DataTypes.STRING().notNull()),
                        Column.physical("ts", DataTypes.TIMESTAMP_LTZ(3)));
        assertThatThrownBy(() -> FactoryMocks.createTableSource(ltz, options))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("column 'ts'");
    }
}
