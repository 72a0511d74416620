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

import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.source.AzofSource;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.runtime.connector.source.LookupRuntimeProviderContext;
import org.apache.flink.table.plan.stats.TableStats;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Push-downs of {@link AzofDynamicSource}, above all which filters prune buckets. */
class AzofDynamicSourceTest {

    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("k", DataTypes.STRING().notNull()),
                    Column.physical("v", DataTypes.STRING()),
                    Column.physical("ts", DataTypes.TIMESTAMP(3)));

    private static final FieldReferenceExpression K =
            new FieldReferenceExpression("k", DataTypes.STRING().notNull(), 0, 0);
    private static final FieldReferenceExpression V =
            new FieldReferenceExpression("v", DataTypes.STRING(), 0, 1);

    @TempDir Path dir;
    private String path;

    @BeforeEach
    void writeTable() {
        path = AzofTestTables.writeKeysTable(dir, 20);
    }

    private AzofDynamicSource source() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "azof");
        options.put("path", path);
        return (AzofDynamicSource) FactoryMocks.createTableSource(SCHEMA, options);
    }

    private static int bucketOf(String key) {
        BucketAssigner assigner =
                new BucketAssigner(
                        List.of(new VarCharType(false, VarCharType.MAX_LENGTH)),
                        AzofTestTables.BUCKETS);
        return assigner.bucket(GenericRowData.of(StringData.fromString(key)), new int[] {0});
    }

    private static CallExpression call(
            BuiltInFunctionDefinition f, ResolvedExpression... args) {
        return CallExpression.permanent(f, List.of(args), DataTypes.BOOLEAN());
    }

    private static ValueLiteralExpression lit(String s) {
        return new ValueLiteralExpression(s);
    }

    @Test
    void aQueryReadsAndJoinsTheSnapshotItWasPlannedWith() {
        AzofDynamicSource source = source();
        long planned = AzofTable.open(path).snapshot().id();
        // A commit lands while Flink plans the query, which asks the source (and its copies) for
        // its providers several times: every one reads the snapshot the plan started with.
        org.apache.flink.core.fs.Path table = new org.apache.flink.core.fs.Path(path); // not the test's java.nio Path
        AzofTestTables.commit(
                table,
                AzofTable.open(path).snapshot(),
                List.of(AzofTestTables.row("key1", "newer", "2024-02-01T00:00:00Z")));
        assertThat(AzofTable.open(path).snapshot().id()).isEqualTo(planned + 1);

        assertThat(source.createSource().snapshotId()).isEqualTo(planned);
        AzofDynamicSource copy = (AzofDynamicSource) source.copy();
        assertThat(copy.createSource().snapshotId()).isEqualTo(planned);
        LookupFunctionProvider lookup =
                (LookupFunctionProvider)
                        copy.getLookupRuntimeProvider(
                                new LookupRuntimeProviderContext(
                                        new int[][] {{0}, {2}}, false));
        assertThat(((AzofLookupFunction) lookup.createLookupFunction()).pinnedSnapshotId()).isEqualTo(planned);

        // A query planned after the commit reads it.
        assertThat(source().createSource().snapshotId()).isEqualTo(planned + 1);
    }

    @Test
    void valuePredicateIsNeverPushedNorPruned() {
        AzofDynamicSource source = source();
        ResolvedExpression filter = call(BuiltInFunctionDefinitions.EQUALS, V, lit("match"));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(filter));
        assertThat(result.getAcceptedFilters()).isEmpty();
        assertThat(result.getRemainingFilters()).containsExactly(filter);
        assertThat(source.buckets()).isNull();
    }

    @Test
    void keyEqualityPrunesBucketsButRemains() {
        AzofDynamicSource source = source();
        ResolvedExpression filter = call(BuiltInFunctionDefinitions.EQUALS, K, lit("key3"));
        ResolvedExpression value = call(BuiltInFunctionDefinitions.EQUALS, V, lit("val3"));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(filter, value));
        assertThat(result.getAcceptedFilters()).containsExactly(filter);
        assertThat(result.getRemainingFilters()).containsExactly(filter, value);
        assertThat(source.buckets()).containsExactly(bucketOf("key3"));
    }

    @Test
    void literalOnTheLeftPrunesToo() {
        AzofDynamicSource source = source();
        source.applyFilters(List.of(call(BuiltInFunctionDefinitions.EQUALS, lit("key3"), K)));
        assertThat(source.buckets()).containsExactly(bucketOf("key3"));
    }

    @Test
    void keyInAndOrOfEqualitiesPruneToTheUnion() {
        AzofDynamicSource in = source();
        in.applyFilters(List.of(call(BuiltInFunctionDefinitions.IN, K, lit("key1"), lit("key2"))));
        assertThat(in.buckets()).containsExactlyInAnyOrder(bucketOf("key1"), bucketOf("key2"));

        AzofDynamicSource or = source();
        or.applyFilters(
                List.of(
                        call(
                                BuiltInFunctionDefinitions.OR,
                                call(BuiltInFunctionDefinitions.EQUALS, K, lit("key1")),
                                call(BuiltInFunctionDefinitions.EQUALS, K, lit("key2")))));
        assertThat(or.buckets()).isEqualTo(in.buckets());
    }

    @Test
    void orWithAValuePredicateIsNotPruned() {
        AzofDynamicSource source = source();
        ResolvedExpression filter =
                call(
                        BuiltInFunctionDefinitions.OR,
                        call(BuiltInFunctionDefinitions.EQUALS, K, lit("key1")),
                        call(BuiltInFunctionDefinitions.EQUALS, V, lit("val2")));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(filter));
        assertThat(result.getAcceptedFilters()).isEmpty();
        assertThat(result.getRemainingFilters()).containsExactly(filter);
        assertThat(source.buckets()).isNull();
    }

    @Test
    void otherPredicatesOnTheKeyAreNotPruned() {
        AzofDynamicSource source = source();
        List<ResolvedExpression> filters =
                List.of(
                        call(BuiltInFunctionDefinitions.GREATER_THAN, K, lit("key1")),
                        call(BuiltInFunctionDefinitions.NOT_EQUALS, K, lit("key1")),
                        call(BuiltInFunctionDefinitions.LIKE, K, lit("key%")),
                        call(BuiltInFunctionDefinitions.IS_NOT_NULL, K));
        SupportsFilterPushDown.Result result = source.applyFilters(filters);
        assertThat(result.getAcceptedFilters()).isEmpty();
        assertThat(result.getRemainingFilters()).isEqualTo(filters);
        assertThat(source.buckets()).isNull();
    }

    @Test
    void conjunctsOnTheKeyIntersect() {
        AzofDynamicSource source = source();
        source.applyFilters(
                List.of(
                        call(BuiltInFunctionDefinitions.IN, K, lit("key1"), lit("key2")),
                        call(BuiltInFunctionDefinitions.EQUALS, K, lit("key2"))));
        assertThat(source.buckets()).containsExactly(bucketOf("key2"));
    }

    private static final FieldReferenceExpression TS =
            new FieldReferenceExpression("ts", DataTypes.TIMESTAMP(3), 0, 2);

    private static ValueLiteralExpression at(String localDateTime) {
        return new ValueLiteralExpression(LocalDateTime.parse(localDateTime));
    }

    @Test
    void anEventTimeLowerBoundSetsAFloorAndRemains() {
        AzofDynamicSource source = source();
        ResolvedExpression from = call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, TS, at("2024-01-05T00:00"));
        ResolvedExpression upTo = call(BuiltInFunctionDefinitions.LESS_THAN, TS, at("2024-01-08T00:00"));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(from, upTo));
        assertThat(result.getAcceptedFilters()).containsExactly(from);
        assertThat(result.getRemainingFilters()).containsExactly(from, upTo);
        assertThat(source.eventTimeFloor()).isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
        assertThat(((AzofDynamicSource) source.copy()).eventTimeFloor()).isEqualTo(source.eventTimeFloor());
    }

    /** The statistics Flink's optimizer gets: the rows of the files the read opens, after pruning. */
    @Test
    void statisticsCountTheRowsOfTheFilesRead() {
        assertThat(source().reportStatistics().getRowCount()).isEqualTo(20);

        AzofDynamicSource oneKey = source();
        oneKey.applyFilters(List.of(call(BuiltInFunctionDefinitions.EQUALS, K, lit("key3"))));
        long inBucket = oneKey.reportStatistics().getRowCount();
        assertThat(inBucket).isPositive().isLessThan(20);

        AzofDynamicSource lastDay = source();
        lastDay.applyFilters(List.of(call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, TS, at("2024-01-09T00:00"))));
        assertThat(lastDay.reportStatistics().getRowCount()).isPositive().isLessThan(20);
    }

    @Test
    void azofLegacyTablesAreNeverPruned() {
        ResolvedSchema legacy =
                ResolvedSchema.of(
                        Column.physical("key", DataTypes.STRING()),
                        Column.physical("value1", DataTypes.STRING()));
        Map<String, String> options = new HashMap<>();
        options.put("connector", "azof");
        options.put("path", ReferenceTables.table("table2"));
        AzofDynamicSource source =
                (AzofDynamicSource) FactoryMocks.createTableSource(legacy, options);
        ResolvedExpression filter =
                call(
                        BuiltInFunctionDefinitions.EQUALS,
                        new FieldReferenceExpression("key", DataTypes.STRING(), 0, 0),
                        lit("1"));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(filter));
        assertThat(result.getAcceptedFilters()).isEmpty();
        assertThat(result.getRemainingFilters()).containsExactly(filter);
        assertThat(source.buckets()).isNull();
        // and their metadata has no row counts
        assertThat(source.reportStatistics()).isEqualTo(TableStats.UNKNOWN);
    }

    @Test
    void projectionMapsToTableColumns() {
        AzofDynamicSource source = source();
        DataType produced =
                DataTypes.ROW(
                        DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
                        DataTypes.FIELD("k", DataTypes.STRING().notNull()));
        source.applyProjection(new int[][] {{2}, {0}}, produced);
        assertThat(source.fields()).containsExactly(2, 0);
        AzofSource built = source.createSource();
        assertThat(built.producedRowType().getFieldNames()).containsExactly("ts", "k");
    }

    @Test
    void copyKeepsEveryPushedState() {
        AzofDynamicSource source = source();
        source.applyProjection(
                new int[][] {{1}, {0}},
                DataTypes.ROW(
                        DataTypes.FIELD("v", DataTypes.STRING()),
                        DataTypes.FIELD("k", DataTypes.STRING().notNull())));
        source.applyLimit(3);
        source.applyFilters(List.of(call(BuiltInFunctionDefinitions.EQUALS, K, lit("key3"))));
        DynamicTableSource copy = source.copy();
        assertThat(copy).isNotSameAs(source).isEqualTo(source);
        AzofDynamicSource c = (AzofDynamicSource) copy;
        assertThat(c.fields()).containsExactly(1, 0);
        assertThat(c.limit()).isEqualTo(3);
        assertThat(c.buckets()).isEqualTo(Set.of(bucketOf("key3")));
        assertThat(c.producedDataType()).isEqualTo(source.producedDataType());
        assertThat(c.asSummaryString()).isEqualTo("Azof");
    }

    @Test
    void prunedSourceReadsOnlyTheBucketsOfTheKeys() {
        AzofDynamicSource all = source();
        AzofDynamicSource pruned = source();
        pruned.applyFilters(List.of(call(BuiltInFunctionDefinitions.EQUALS, K, lit("key3"))));
        List<Integer> bucketsRead = new ArrayList<>();
        pruned.createSource().splits().forEach(s -> bucketsRead.add(s.task().bucket()));
        assertThat(bucketsRead).containsOnly(bucketOf("key3")).isNotEmpty();
        assertThat(all.createSource().splits()).hasSize(AzofTestTables.BUCKETS);
    }
}
