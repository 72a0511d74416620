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

import org.apache.flink.configuration.ConfigOption;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AzofOptionsTest {

    @Test
    void everyOptionHasADescription() {
        for (ConfigOption<?> option : AzofOptions.all()) {
            assertThat(option.description().toString())
                    .as("description of '%s'", option.key())
                    .isNotBlank();
        }
    }

    @Test
    void allListsEveryDeclaredOptionOnce() throws IllegalAccessException {
        Set<ConfigOption<?>> declared = new HashSet<>();
        for (Field f : AzofOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                declared.add((ConfigOption<?>) f.get(null));
            }
        }
        List<ConfigOption<?>> all = AzofOptions.all();
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(declared);
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> o : all) {
            assertThat(keys.add(o.key())).as("key '%s' is unique", o.key()).isTrue();
        }
    }

    @Test
    void groupsCoverEveryOption() {
        Set<ConfigOption<?>> grouped = new HashSet<>();
        grouped.addAll(AzofOptions.tableOptions());
        grouped.addAll(AzofOptions.scanOptions());
        grouped.addAll(AzofOptions.lookupOptions());
        grouped.addAll(AzofOptions.sinkOptions());
        grouped.addAll(AzofOptions.compactionOptions());
        grouped.addAll(AzofOptions.tableCreationOptions());
        grouped.addAll(AzofOptions.catalogOptions());
        assertThat(grouped).containsExactlyInAnyOrderElementsOf(AzofOptions.all());
    }

    @Test
    void keysAndDefaults() {
        assertThat(AzofOptions.PATH.key()).isEqualTo("path");
        assertThat(AzofOptions.SCAN_AS_OF.key()).isEqualTo("scan.as-of");
        assertThat(AzofOptions.SCAN_AS_OF.hasDefaultValue()).isFalse();
        assertThat(AzofOptions.SCAN_SNAPSHOT_ID.key()).isEqualTo("scan.snapshot-id");
        assertThat(AzofOptions.WAREHOUSE.key()).isEqualTo("warehouse");
        assertThat(AzofOptions.DEFAULT_DATABASE.defaultValue()).isEqualTo("default");
        assertThat(AzofOptions.BUCKET.defaultValue()).isEqualTo(4);
        assertThat(AzofOptions.SEGMENT_GRANULARITY.defaultValue()).isEqualTo("month");
        assertThat(AzofOptions.EVENT_TIME_COLUMN.key()).isEqualTo("event-time.column");
        assertThat(AzofOptions.EVENT_TIME_COLUMN.hasDefaultValue()).isFalse();
        assertThat(AzofOptions.SINK_LATE_RECORDS.defaultValue()).isEqualTo("keep");
        assertThat(AzofOptions.SINK_BUFFER_ROWS.defaultValue()).isEqualTo(100_000);
        assertThat(AzofOptions.SCAN_REQUIRE_COMPLETE.defaultValue()).isFalse();
    }
}
