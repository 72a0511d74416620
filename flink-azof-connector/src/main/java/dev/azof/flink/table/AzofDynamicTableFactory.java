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

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.table.AzofTable;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the SQL source of Azof tables: {@code CREATE TABLE t (...) WITH ('connector' = 'azof',
 * 'path' = '...')}.
 *
 * <p>Options are those of {@link AzofOptions}. Besides the usual validation (unknown keys,
 * missing {@code path}, values that do not parse), the factory checks {@code scan.as-of} and
 * {@code scan.snapshot-id}, opens the table and checks every declared column against it: the
 * column must exist in the table, with the same type up to nullability. Declared columns are
 * matched to the table's columns by name, so a DDL may list a subset of them in any order.
 *
 * <p>The factory only creates sources for now; a sink will be added by implementing {@code
 * DynamicTableSinkFactory} here (its options join {@link #optionalOptions()}).
 */
@PublicEvolving
public class AzofDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "azof";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new LinkedHashSet<>(AzofOptions.tableOptions());
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.addAll(AzofOptions.scanOptions());
        options.addAll(AzofOptions.tableCreationOptions());
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();

        String path = options.get(AzofOptions.PATH);
        if (path == null || path.isBlank()) {
            throw new ValidationException(
                    "'" + AzofOptions.PATH.key() + "' must name the directory of an azof table");
        }
        AsOf asOf = asOf(options);
        Long snapshotId = snapshotId(options);
        AzofTable table = openTable(path, snapshotId);
        DataType physical = context.getPhysicalRowDataType();
        int[] fields =
                mapColumns(
                        (RowType) physical.getLogicalType(),
                        table.schema(),
                        path,
                        context.getObjectIdentifier().asSummaryString());
        return new AzofDynamicSource(
                path,
                asOf,
                snapshotId,
                table.schema(),
                table.snapshot().bucketCount(),
                fields,
                physical);
    }

    /** The as-of time of {@code scan.as-of}; current when unset. */
    static AsOf asOf(ReadableConfig options) {
        String text = options.get(AzofOptions.SCAN_AS_OF);
        if (text == null) {
            return AsOf.current();
        }
        try {
            return AsOf.parse(text);
        } catch (AzofException e) {
            String prefix = "'" + text + "'";
            String reason =
                    e.getMessage() != null && e.getMessage().startsWith(prefix)
                            ? e.getMessage().substring(prefix.length())
                            : ": " + e.getMessage();
            throw new ValidationException(
                    "'" + AzofOptions.SCAN_AS_OF.key() + "'='" + text + "'" + reason, e);
        }
    }

    /** The snapshot id of {@code scan.snapshot-id}; null when unset. */
    static Long snapshotId(ReadableConfig options) {
        Long id = options.get(AzofOptions.SCAN_SNAPSHOT_ID);
        if (id != null && id < 1) {
            throw new ValidationException(
                    "'"
                            + AzofOptions.SCAN_SNAPSHOT_ID.key()
                            + "'='"
                            + id
                            + "' is not a snapshot id: snapshot ids start at 1");
        }
        return id;
    }

    /** Opens the table (at the snapshot, if given); a clear {@link ValidationException} if not. */
    static AzofTable openTable(String path, Long snapshotId) {
        Path dir = new Path(path);
        boolean exists;
        try {
            exists = new SnapshotStore(dir).exists();
        } catch (RuntimeException e) {
            throw new ValidationException(
                    "'" + AzofOptions.PATH.key() + "'='" + path + "' cannot be accessed: " + e, e);
        }
        if (!exists) {
            throw new ValidationException(
                    "'"
                            + AzofOptions.PATH.key()
                            + "'='"
                            + path
                            + "' is not an azof table: it has no "
                            + SnapshotStore.VERSION_FILE);
        }
        try {
            return snapshotId == null ? AzofTable.open(dir) : AzofTable.open(dir, snapshotId);
        } catch (AzofException e) {
            String where =
                    snapshotId == null
                            ? ""
                            : " with '"
                                    + AzofOptions.SCAN_SNAPSHOT_ID.key()
                                    + "'='"
                                    + snapshotId
                                    + "'";
            throw new ValidationException(
                    "cannot read the azof table '"
                            + AzofOptions.PATH.key()
                            + "'='"
                            + path
                            + "'"
                            + where
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Maps the declared columns to indexes of the table's row type, by name, checking that each
     * exists with the same type up to nullability.
     */
    static int[] mapColumns(RowType declared, TableSchema schema, String path, String tableName) {
        RowType stored = schema.rowType();
        List<String> declaredNames = declared.getFieldNames();
        int[] fields = new int[declaredNames.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.length; i++) {
            String name = declaredNames.get(i);
            if (!seen.add(name)) {
                throw new ValidationException(
                        "column '" + name + "' of table " + tableName + " is declared twice");
            }
            int at = schema.indexOf(name);
            if (at < 0) {
                throw new ValidationException(
                        "column '"
                                + name
                                + "' of table "
                                + tableName
                                + " does not exist in the azof table at '"
                                + path
                                + "' (its columns: "
                                + describe(stored)
                                + ")");
            }
            LogicalType want = declared.getTypeAt(i);
            LogicalType have = stored.getTypeAt(at);
            if (!want.copy(true).equals(have.copy(true))) {
                throw new ValidationException(
                        "column '"
                                + name
                                + "' of table "
                                + tableName
                                + " is declared as "
                                + want.copy(true).asSummaryString()
                                + " but the azof table at '"
                                + path
                                + "' stores it as "
                                + have.copy(true).asSummaryString()
                                + " (types must match; only nullability may differ)");
            }
            fields[i] = at;
        }
        return fields;
    }

    private static String describe(RowType type) {
        StringBuilder sb = new StringBuilder();
        for (RowType.RowField f : type.getFields()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.getName()).append(' ').append(f.getType().copy(true).asSummaryString());
        }
        return sb.toString();
    }
}
