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

import dev.azof.core.io.IoLibraries;
import dev.azof.flink.table.AzofOptions;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Creates {@link AzofCatalog}s: {@code CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' =
 * '...')}, optionally with {@code 'default-database'}.
 */
@PublicEvolving
public class AzofCatalogFactory implements CatalogFactory {

    public static final String IDENTIFIER = "azof";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(AzofOptions.WAREHOUSE);
        return options;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.add(AzofOptions.DEFAULT_DATABASE);
        return options;
    }

    @Override
    public Catalog createCatalog(Context context) {
        IoLibraries.requireOnClasspath();
        FactoryUtil.CatalogFactoryHelper helper =
                FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        // The session configuration (Flink passes the live table configuration): its time zone
        // decides what FOR SYSTEM_TIME AS OF means on TIMESTAMP event times.
        return new AzofCatalog(
                context.getName(),
                options.get(AzofOptions.WAREHOUSE),
                options.get(AzofOptions.DEFAULT_DATABASE),
                context.getConfiguration());
    }
}
