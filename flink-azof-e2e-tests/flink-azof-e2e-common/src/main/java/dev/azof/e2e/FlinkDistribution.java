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

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink distribution as the flink-X module assembled it: {@code lib/} (what every Flink
 * process runs with), {@code opt/} (the SQL gateway, as {@code bin/sql-gateway.sh} adds it), the
 * Flink version, the {@code java} executable and the JVM options Flink needs on Java 17.
 *
 * <p>The module passes the locations as system properties, so the scenario in the common module's
 * test-jar runs unchanged against each version. The cluster's classpath is built from these
 * directories only, never from the test JVM's classpath.
 */
public final class FlinkDistribution {

    public static final String LIB_DIR_PROPERTY = "azof.e2e.flink.lib";
    public static final String OPT_DIR_PROPERTY = "azof.e2e.flink.opt";
    public static final String VERSION_PROPERTY = "azof.e2e.flink.version";
    public static final String JAVA_PROPERTY = "azof.e2e.java";
    public static final String JVM_OPTIONS_PROPERTY = "azof.e2e.jvm.options";

    /**
     * What a Flink distribution's config.yaml adds to {@code env.java.opts.all} beyond the
     * project's {@code --add-opens} (which come in through {@link #JVM_OPTIONS_PROPERTY}): Flink
     * reads a few JDK internals (network utilities, RMI registry for JMX, Kerberos).
     */
    private static final List<String> FLINK_DEFAULT_EXPORTS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

    private final String version;
    private final Path libDir;
    private final Path optDir;
    private final Path java;
    private final List<String> jvmOptions;

    public FlinkDistribution(
            String version, Path libDir, Path optDir, Path java, List<String> jvmOptions) {
        this.version = Objects.requireNonNull(version, "version");
        this.libDir = Objects.requireNonNull(libDir, "libDir");
        this.optDir = Objects.requireNonNull(optDir, "optDir");
        this.java = Objects.requireNonNull(java, "java");
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The distribution the running flink-X module describes in its system properties. */
    public static FlinkDistribution fromSystemProperties() {
        Path lib = existingDirectory(LIB_DIR_PROPERTY);
        Path opt = existingDirectory(OPT_DIR_PROPERTY);
        Path java = Path.of(requiredProperty(JAVA_PROPERTY));
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException(
                    "system property " + JAVA_PROPERTY + " is not an executable: " + java);
        }
        List<String> options = new ArrayList<>(FLINK_DEFAULT_EXPORTS);
        options.addAll(splitOptions(System.getProperty(JVM_OPTIONS_PROPERTY, "")));
        return new FlinkDistribution(requiredProperty(VERSION_PROPERTY), lib, opt, java, options);
    }

    /**
     * Copies {@code lib/} to {@code targetLib} and adds {@code extraJars} there, so that a test
     * can change what its cluster runs with (the connector jar, Hadoop) without touching the
     * module's {@code target/flink/lib}, which other tests share.
     */
    public FlinkDistribution withLibCopy(Path targetLib, List<Path> extraJars) {
        try {
            Files.createDirectories(targetLib);
            for (Path jar : libJars()) {
                Files.copy(jar, targetLib.resolve(jar.getFileName()));
            }
            for (Path jar : extraJars) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException("not a file: " + jar);
                }
                Path copy = targetLib.resolve(jar.getFileName());
                if (Files.exists(copy)) {
                    // Two jars of one name: a distribution's lib/ could not hold both either.
                    throw new IllegalArgumentException(
                            "cannot add " + jar + " to lib/: " + libDir + " already has a jar named "
                                    + jar.getFileName());
                }
                Files.copy(jar, copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + libDir + " to " + targetLib, e);
        }
        return new FlinkDistribution(version, targetLib, optDir, java, jvmOptions);
    }

    public String version() {
        return version;
    }

    public Path libDir() {
        return libDir;
    }

    public Path optDir() {
        return optDir;
    }

    public Path java() {
        return java;
    }

    /** JVM options every Flink process gets (Flink's {@code env.java.opts.all}). */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The jars of {@code lib/}, sorted by name as {@code bin/config.sh} lists them. */
    public List<Path> libJars() {
        return jarsIn(libDir);
    }

    /** The classpath of the JobManager, the TaskManager and {@code BashJavaUtils}: lib/ only. */
    public String clusterClasspath() {
        return classpath(libJars());
    }

    /** The classpath of the SQL gateway: lib/ and opt/, as {@code bin/sql-gateway.sh} builds it. */
    public String gatewayClasspath() {
        List<Path> jars = new ArrayList<>(libJars());
        jars.addAll(jarsIn(optDir));
        return classpath(jars);
    }

    @Override
    public String toString() {
        return "Flink " + version + " (lib " + libDir + ", opt " + optDir + ")";
    }

    private static String classpath(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars =
                    files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .collect(Collectors.toList());
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + dir);
            }
            return Collections.unmodifiableList(jars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<String> splitOptions(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(option -> !option.isEmpty())
                .collect(Collectors.toList());
    }

    private static Path existingDirectory(String property) {
        Path dir = Path.of(requiredProperty(property));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    "system property " + property + " names no directory: " + dir
                            + " (the flink-X module's maven-dependency-plugin fills it; run the"
                            + " module with mvn verify)");
        }
        return dir;
    }

    static String requiredProperty(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + property + " is not set: run the scenario from a"
                            + " flink-X module of flink-azof-e2e-tests (mvn -B -f"
                            + " flink-azof-e2e-tests/pom.xml verify), which sets it");
        }
        return value;
    }
}
