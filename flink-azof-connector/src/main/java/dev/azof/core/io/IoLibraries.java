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
package dev.azof.core.io;

import java.net.URL;
import java.security.CodeSource;
import java.util.List;

/**
 * The libraries the format core reads and writes files with, checked before any I/O.
 *
 * <p>Without this check a job whose classpath lacks one of them (the thin connector jar alone on a
 * cluster, or a damaged shaded jar) fails deep inside a write with a bare {@code
 * NoClassDefFoundError}, on a TaskManager, long after the SQL client reported the job as
 * submitted. The check names the class, the library it belongs to, and the jar that should have
 * held it.
 *
 * <p>The class names are string constants on purpose: the shaded connector jar relocates them
 * together with the classes, so the check looks for exactly the classes that jar must contain.
 * Each class is chosen so that loading it needs nothing from Flink. (Strings that only contain a
 * package name, such as the Maven coordinates in the messages, start with other words, so that the
 * relocation leaves them alone.)
 */
public final class IoLibraries {

    private static final List<Library> REQUIRED =
            List.of(
                    new Library(
                            "org.apache.parquet.io.OutputFile",
                            "Apache Parquet",
                            "the Maven artifact org.apache.parquet:parquet-common"),
                    new Library(
                            "org.apache.parquet.hadoop.ParquetFileWriter",
                            "Apache Parquet",
                            "the Maven artifact org.apache.parquet:parquet-hadoop"),
                    new Library(
                            "org.apache.flink.formats.parquet.utils.ParquetSchemaConverter",
                            "Flink's Parquet format",
                            "the Maven artifact org.apache.flink:flink-parquet"),
                    new Library(
                            "org.apache.hadoop.conf.Configuration",
                            "Hadoop's client (Parquet's configuration and codecs)",
                            "the Maven artifact org.apache.hadoop:hadoop-client-api"),
                    new Library(
                            "com.github.luben.zstd.ZstdCompressCtx",
                            "zstd-jni",
                            "the Maven artifact com.github.luben:zstd-jni"));

    /** Set once every library was found; the check then costs one volatile read. */
    private static volatile boolean present;

    private IoLibraries() {}

    /**
     * Fails with an {@link IllegalStateException} naming the first missing class, its library and
     * the jar this connector was loaded from.
     */
    public static void requireOnClasspath() {
        if (present) {
            return;
        }
        ClassLoader loader = IoLibraries.class.getClassLoader();
        for (Library library : REQUIRED) {
            try {
                Class.forName(library.className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException(missing(library, e), e);
            }
        }
        present = true;
    }

    private static String missing(Library library, Throwable cause) {
        return "The Azof connector cannot load class "
                + library.className
                + " ("
                + library.description
                + ": "
                + cause
                + "). The connector was loaded from "
                + connectorLocation()
                + ", which should hold it: the shaded connector jar (flink-sql-connector-azof) "
                + "bundles it; with the thin flink-azof-connector jar, add "
                + library.artifact
                + " and its dependencies to the job's classpath.";
    }

    /** The jar (or directory) this class came from, as the user would find it on disk. */
    static String connectorLocation() {
        CodeSource source = IoLibraries.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? "an unknown location" : location.toString();
    }

    private static final class Library {
        final String className;
        final String description;
        final String artifact;

        Library(String className, String description, String artifact) {
            this.className = className;
            this.description = description;
            this.artifact = artifact;
        }
    }
}
