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

import dev.azof.core.table.MetadataTable;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog entry of a metadata table ({@code t$snapshots}, ...): its columns, and the options
 * {@code 'connector'}, {@code 'path'} plus any hint of the query. {@link AzofDynamicTableFactory}
 * recognizes it (as the origin of the resolved table, which Flink keeps through {@link
 * #copy(Map)} when it merges {@code OPTIONS(...)} hints) and reads it with {@link
 * AzofMetadataSource}; writing into it is refused.
 */
@Internal
public final class MetadataCatalogTable implements CatalogTable {

    private final MetadataTable kind;
    private final String tableName;
    private final RowType rowType;
    private final Map<String, String> options;

    public MetadataCatalogTable(
            MetadataTable kind, String tableName, RowType rowType, Map<String, String> options) {
        this.kind = Objects.requireNonNull(kind);
        this.tableName = Objects.requireNonNull(tableName);
        this.rowType = Objects.requireNonNull(rowType);
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public MetadataTable kind() {
        return kind;
    }

    /** The name as queried, e.g. {@code orders$snapshots}. */
    public String tableName() {
        return tableName;
    }

    public RowType rowType() {
        return rowType;
    }

    @Override
    public Schema getUnresolvedSchema() {
        return Schema.newBuilder()
                .fromRowDataType(TypeConversions.fromLogicalToDataType(rowType))
                .build();
    }

    @Override
    public boolean isPartitioned() {
        return false;
    }

    @Override
    public List<String> getPartitionKeys() {
        return Collections.emptyList();
    }

    @Override
    public Map<String, String> getOptions() {
        return options;
    }

    @Override
    public String getComment() {
        return "metadata table '" + kind.suffix() + "' of an azof table (read only)";
    }

    @Override
    public CatalogTable copy(Map<String, String> newOptions) {
        return new MetadataCatalogTable(kind, tableName, rowType, newOptions);
    }

    @Override
    public CatalogTable copy() {
        return copy(options);
    }

    @Override
    public Optional<String> getDescription() {
        return Optional.of(getComment());
    }

    @Override
    public Optional<String> getDetailedDescription() {
        return getDescription();
    }
}
