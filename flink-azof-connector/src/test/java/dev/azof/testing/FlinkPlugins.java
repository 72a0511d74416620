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
package dev.azof.testing;

import dev.azof.core.fs.AzofFileSystems;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Flink's file system plugins for tests, loaded as a cluster loads them: each from its own
 * directory under a plugins root, in its own class loader (flink-s3-fs-hadoop is never on the test
 * class path). The connector's build copies {@code flink-s3-fs-hadoop} into {@code
 * target/plugins/s3-fs-hadoop/} and passes the root as {@code azof.flink.plugins.dir}.
 *
 * <p>A MiniCluster in the same JVM uses the file systems initialized here: it does not initialize
 * them again (only Flink's standalone entry points do).
 */
public final class FlinkPlugins {

    private FlinkPlugins() {}

    /** A plugin manager over every plugin directory under the plugins root. */
    public static PluginManager pluginManager(Configuration config) {
        Path root = pluginsRoot();
        try {
            return new DefaultPluginManager(
                    new DirectoryBasedPluginFinder(root).findPlugins(),
                    CoreOptions.getPluginParentFirstLoaderPatterns(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Flink plugins under " + root, e);
        }
    }

    /**
     * Initializes Flink's file systems in this JVM with {@code config} (for S3, {@link
     * S3ProxyServer#flinkConfiguration()}) and the plugins, through {@link AzofFileSystems} as the
     * CLI does, so azof's commit points read the same configuration.
     */
    public static void initializeFileSystems(Configuration config) {
        AzofFileSystems.initialize(config, pluginManager(config));
    }

    /** The plugins root: {@code azof.flink.plugins.dir}. */
    public static Path pluginsRoot() {
        String configured = System.getProperty("azof.flink.plugins.dir");
        if (configured == null || !Files.isDirectory(Path.of(configured, "s3-fs-hadoop"))) {
            throw new IllegalStateException(
                    "Flink plugins not found at "
                            + configured
                            + ": run the tests through Maven (it copies"
                            + " org.apache.flink:flink-s3-fs-hadoop into target/plugins/s3-fs-hadoop)"
                            + " or set -Dazof.flink.plugins.dir");
        }
        return Path.of(configured);
    }
}
