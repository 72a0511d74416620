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
package dev.azof.core.fs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginManager;

import javax.annotation.Nullable;

/**
 * The Flink configuration that file systems and azof's commit points share in this process.
 *
 * <p>Processes azof starts itself (the CLI, tests) call {@link #initialize} before they touch a
 * table, as {@code flink run -D} applies its flags before file systems start. In a Flink cluster
 * Flink initializes its file systems; azof's own store clients then read the same configuration.
 */
public final class AzofFileSystems {

    private static volatile Configuration configuration;

    private AzofFileSystems() {}

    /** Initializes Flink's file systems (and their plugins) with {@code config}, and keeps it. */
    public static synchronized void initialize(
            Configuration config, @Nullable PluginManager pluginManager) {
        configuration = new Configuration(config);
        FileSystem.initialize(config, pluginManager);
    }

    /** The configuration given to {@link #initialize}, or null if this process did not call it. */
    @Nullable
    public static Configuration configuration() {
        Configuration c = configuration;
        return c == null ? null : new Configuration(c);
    }
}
