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
package dev.azof.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The files of a Flink conf directory: {@code config.yaml} (Flink 2.x reads only this file, no
 * longer flink-conf.yaml) and the {@code log4j.properties} the processes log with, as the scripts
 * point them at it.
 */
public final class FlinkConfFiles {

    public static final String CONFIG_FILE = "config.yaml";
    public static final String LOG4J_FILE = "log4j.properties";

    /**
     * Everything at INFO into the file the process names with {@code -Dlog.file} (one file per
     * process, like a distribution's log/ directory); noisy libraries at WARN.
     */
    private static final String LOG4J_PROPERTIES =
            String.join(
                    "\n",
                    "# Written by the flink-azof end-to-end harness (dev.azof.e2e.FlinkConfFiles).",
                    "monitorInterval = 0",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = MainAppender",
                    "logger.pekko.name = org.apache.pekko",
                    "logger.pekko.level = WARN",
                    "logger.netty.name = org.apache.flink.shaded.netty4",
                    "logger.netty.level = WARN",
                    "logger.hadoop.name = org.apache.hadoop",
                    "logger.hadoop.level = WARN",
                    "logger.typeextractor.name = org.apache.flink.api.java.typeutils.TypeExtractor",
                    "logger.typeextractor.level = WARN",
                    "appender.main.name = MainAppender",
                    "appender.main.type = File",
                    "appender.main.append = true",
                    "appender.main.fileName = ${sys:log.file}",
                    "appender.main.layout.type = PatternLayout",
                    "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "");

    private FlinkConfFiles() {}

    /**
     * Writes {@code config.yaml} with one flat {@code key: value} line per entry (Flink 2.x's
     * YAML reader accepts flattened keys) and {@code log4j.properties}.
     */
    public static void write(Path confDir, Map<String, String> config) {
        StringBuilder yaml =
                new StringBuilder("# Written by the flink-azof end-to-end harness.\n");
        config.forEach((key, value) -> yaml.append(key).append(": ").append(quote(value)).append('\n'));
        try {
            Files.createDirectories(confDir);
            Files.writeString(confDir.resolve(CONFIG_FILE), yaml, StandardCharsets.UTF_8);
            Files.writeString(confDir.resolve(LOG4J_FILE), LOG4J_PROPERTIES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Flink configuration to " + confDir, e);
        }
    }

    /**
     * A YAML single-quoted scalar: paths and URIs hold ':' and values like {@code 1024m} must stay
     * strings; Flink parses every option from its string form anyway.
     */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
