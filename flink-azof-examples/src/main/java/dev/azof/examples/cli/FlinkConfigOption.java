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

package dev.azof.examples.cli;

import dev.azof.core.fs.AzofFileSystems;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginConfig;
import org.apache.flink.core.plugin.PluginManager;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -D key=value} option every command takes: Flink configuration applied before file
 * systems start, as {@code flink run -D} does. File system plugins (Flink's S3 file system) are
 * loaded from {@code $FLINK_PLUGINS_DIR}, else from the directory the {@code azof} script names.
 */
final class FlinkConfigOption {

    /** Where the azof script tells the CLI its bundled plugins are. */
    static final String PLUGINS_DIR_PROPERTY = "azof.plugins.dir";

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = {
                "Flink configuration, applied before file systems start (as 'flink run -D');"
                        + " repeatable. For example -D s3.endpoint=http://127.0.0.1:9000"
                        + " -D s3.path.style.access=true."
            })
    private Map<String, String> properties = new LinkedHashMap<>();

    /** The configuration the flags give. */
    Configuration configuration() {
        return Configuration.fromMap(properties);
    }

    /** Initializes Flink's file systems, with their plugins, from the flags. */
    Configuration initializeFileSystems() {
        Configuration conf = configuration();
        AzofFileSystems.initialize(conf, pluginManager(conf));
        return conf;
    }

    /**
     * For commands that pass their other arguments on ({@code demo}): takes the {@code -D KEY=VALUE}
     * and {@code -DKEY=VALUE} arguments out of {@code args}, initializes file systems with them, and
     * returns the rest.
     */
    static List<String> initializeFileSystems(List<String> args) {
        FlinkConfigOption option = new FlinkConfigOption();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String property;
            if (arg.equals("-D")) {
                if (i + 1 == args.size()) {
                    throw new CliException("-D needs a KEY=VALUE argument");
                }
                property = args.get(++i);
            } else if (arg.startsWith("-D")) {
                property = arg.substring(2);
            } else {
                rest.add(arg);
                continue;
            }
            int eq = property.indexOf('=');
            if (eq <= 0) {
                throw new CliException("-D expects KEY=VALUE, not '" + property + "'");
            }
            option.properties.put(property.substring(0, eq), property.substring(eq + 1));
        }
        option.initializeFileSystems();
        return rest;
    }

    private static PluginManager pluginManager(Configuration conf) {
        Path dir = pluginsDir();
        if (dir == null) {
            return null;
        }
        try {
            return new DefaultPluginManager(
                    new DirectoryBasedPluginFinder(dir).findPlugins(),
                    PluginConfig.fromConfiguration(conf).getAlwaysParentFirstPatterns());
        } catch (IOException e) {
            throw new CliException("cannot load the file system plugins in " + dir + ": " + e, e);
        }
    }

    private static Path pluginsDir() {
        String env = System.getenv("FLINK_PLUGINS_DIR");
        String dir = env != null && !env.isBlank() ? env : System.getProperty(PLUGINS_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path path = Paths.get(dir);
        return Files.isDirectory(path) ? path : null;
    }
}
