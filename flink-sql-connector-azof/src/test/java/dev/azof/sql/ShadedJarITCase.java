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
package dev.azof.sql;

import dev.azof.testing.S3ProxyServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded connector jar as it is built: what it holds, what it must not hold, and that the
 * connector finds its relocated libraries inside it (and names the class when one is missing).
 * Runs after {@code package}, on the jar itself.
 */
class ShadedJarITCase {

    private static final String RELOCATED = "dev/azof/shaded/";
    private static final String RELOCATED_FLINK_PARQUET =
            RELOCATED + "org/apache/flink/formats/parquet/";
    private static final String FACTORY_SERVICE =
            "META-INF/services/org.apache.flink.table.factories.Factory";

    private static Path jar;
    /** Every file entry of the jar, with its size. */
    private static TreeMap<String, Long> entries;

    @BeforeAll
    static void openJar() throws IOException {
        String property = System.getProperty("azof.shaded.jar");
        assertThat(property).as("system property azof.shaded.jar").isNotNull();
        jar = Path.of(property);
        assertThat(jar).as("the shaded jar (built by `mvn package`)").isRegularFile();
        entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!e.isDirectory()) {
                    entries.put(e.getName(), e.getSize());
                }
            }
        }
    }

    @Test
    void everyClassIsAzofsOrRelocatedExceptZstdJni() {
        List<String> foreign =
                classes()
                        .filter(c -> !c.startsWith("dev/azof/"))
                        .filter(c -> !c.startsWith("com/github/luben/zstd/"))
                        .collect(Collectors.toList());
        assertThat(foreign).as("classes outside dev/azof/ and zstd-jni's JNI package").isEmpty();

        assertThat(classes().filter(c -> c.startsWith("org/apache/flink/")))
                .as("Flink's classes come from the cluster")
                .isEmpty();
        assertThat(classes().filter(c -> c.startsWith(RELOCATED + "org/apache/flink/")))
                .as("the only Flink classes inside are flink-parquet's, relocated")
                .isNotEmpty()
                .allMatch(c -> c.startsWith(RELOCATED_FLINK_PARQUET));
        assertThat(classes().filter(c -> c.startsWith(RELOCATED + "org/apache/parquet/")))
                .as("Apache Parquet, relocated")
                .isNotEmpty();
        assertThat(classes().filter(c -> c.startsWith(RELOCATED + "org/apache/hadoop/")))
                .as("Hadoop's client, relocated")
                .isNotEmpty();
        assertThat(classes().filter(c -> c.startsWith(RELOCATED + "software/amazon/awssdk/services/s3/")))
                .as("the AWS SDK's S3 client, relocated")
                .isNotEmpty();
        assertThat(classes().filter(c -> c.startsWith(RELOCATED + "org/apache/hc/client5/")))
                .as("its HTTP client, relocated")
                .isNotEmpty();
        assertThat(classes().filter(c -> c.startsWith("dev/azof/flink/")))
                .as("the connector itself")
                .isNotEmpty();
    }

    @Test
    void holdsNoLoggingApiBindingOrConfiguration() {
        Pattern logging =
                Pattern.compile(
                        "(^|/)(org/slf4j|org/apache/log4j|org/apache/logging|ch/qos/logback"
                                + "|org/apache/commons/logging)/");
        Pattern loggingConfig =
                Pattern.compile(
                        "(^|/)(log4j[^/]*\\.(properties|xml|json|yaml|yml)"
                                + "|log4j2[^/]*|logback[^/]*\\.xml|commons-logging\\.properties"
                                + "|simplelogger\\.properties)$");
        assertThat(entries.keySet().stream().filter(n -> logging.matcher(n).find()))
                .as("logging APIs or bindings")
                .isEmpty();
        assertThat(entries.keySet().stream().filter(n -> loggingConfig.matcher(n).find()))
                .as("logging configuration files")
                .isEmpty();
        assertThat(entries.keySet().stream().filter(n -> n.contains("StaticLoggerBinder")))
                .isEmpty();
        assertThat(entries).doesNotContainKey("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
    }

    @Test
    void discoversOnlyAzofsFactoriesAndRelocatedServices() throws IOException {
        assertThat(serviceLines(FACTORY_SERVICE))
                .containsExactlyInAnyOrder(
                        "dev.azof.flink.table.AzofDynamicTableFactory",
                        "dev.azof.flink.catalog.AzofCatalogFactory");
        List<String> services =
                entries.keySet().stream()
                        .filter(n -> n.startsWith("META-INF/services/"))
                        .filter(n -> !n.equals(FACTORY_SERVICE))
                        .collect(Collectors.toList());
        // Anything else would register a bundled implementation of someone else's interface
        // (StAX, DNS, Jackson, Flink's formats) for every job on the cluster.
        assertThat(services)
                .as("service files other than Azof's factories")
                .allMatch(n -> n.startsWith("META-INF/services/dev.azof.shaded."));
        for (String service : services) {
            assertThat(serviceLines(service))
                    .as(service)
                    .allMatch(line -> line.startsWith("dev.azof.shaded."));
        }
    }

    @Test
    void carriesItsLicenseAndANoticeNamingEveryBundledArtifact() throws IOException {
        assertThat(text("META-INF/LICENSE")).contains("Apache License", "Version 2.0");
        String notice = text("META-INF/NOTICE");
        List<String> bundled = bundledArtifacts();
        assertThat(bundled).as("bundled artifacts").hasSizeGreaterThan(5);
        for (String coordinates : bundled) {
            assertThat(notice).as("NOTICE names %s", coordinates).contains(coordinates);
        }
        // Each artifact is listed under a "Licensed under ... (<license file>)" heading; that
        // file must be in the jar.
        Pattern heading = Pattern.compile("^Licensed under .*\\((META-INF/[^)]+)\\):$");
        String licenseFile = null;
        List<String> covered = new ArrayList<>();
        for (String line : notice.split("\n")) {
            Matcher m = heading.matcher(line);
            if (m.matches()) {
                licenseFile = m.group(1);
                assertThat(entries).as("license file named in NOTICE").containsKey(licenseFile);
            }
            for (String coordinates : bundled) {
                if (line.startsWith("- " + coordinates)) {
                    assertThat(licenseFile).as("license heading above %s", coordinates).isNotNull();
                    covered.add(coordinates);
                }
            }
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(bundled);
        assertThat(text("META-INF/licenses/LICENSE.zstd-jni")).contains("BSD");
    }

    @Test
    void theConnectorFindsItsRelocatedLibrariesInsideTheJar() throws Exception {
        assertThat(requireLibraries(jar)).isNull();
        try (URLClassLoader alone = isolated(jar)) {
            alone.loadClass("dev.azof.shaded.org.apache.parquet.io.OutputFile");
            assertThat(resourceOf(alone, "org/apache/parquet/io/OutputFile.class")).isNull();
        }
    }

    /**
     * Every class the jar's code refers to is in the jar or in Flink (or the JDK): a relocated
     * library missing a class it uses fails here, not on a TaskManager. Hadoop's client is left
     * out: it refers to many optional libraries that the connector never reaches.
     */
    @Test
    void everyReferenceResolvesInTheJarOrInFlink() {
        String flink =
                java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .filter(p -> p.endsWith(".jar"))
                        .filter(p -> !BUNDLED_ELSEWHERE.matcher(p.replace('\\', '/')).find())
                        .collect(Collectors.joining(java.io.File.pathSeparator));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter print = new java.io.PrintWriter(out);
        int exit =
                java.util.spi.ToolProvider.findFirst("jdeps")
                        .orElseThrow()
                        .run(print, print, "--multi-release", "17", "-q", "--class-path", flink,
                                "--missing-deps", jar.toString());
        print.flush();
        List<String> missing =
                java.util.Arrays.stream(out.toString().split("\n"))
                        .map(String::trim)
                        // "<class> -> <class> not found"; the per-jar summary line is skipped
                        .filter(l -> l.contains(" -> ") && l.endsWith("not found"))
                        .filter(l -> !l.substring(0, l.indexOf(" -> ")).endsWith(".jar"))
                        .filter(l -> !l.startsWith("dev.azof.shaded.org.apache.hadoop."))
                        .filter(l -> !OPTIONAL.matcher(l.substring(l.indexOf(" -> ") + 4)).lookingAt())
                        .collect(Collectors.toList());
        assertThat(exit).as("jdeps: %s", out).isZero();
        assertThat(missing).as("references to classes neither in the jar nor in Flink").isEmpty();
    }

    /**
     * Optional libraries of the bundled AWS SDK and HTTP client, used only when asked for: the AWS
     * CRT (native clients and signers; the commit point sets the Apache 5 client and the Java
     * signer), Brotli and Conscrypt (the HTTP client's optional compression and TLS provider).
     */
    private static final Pattern OPTIONAL =
            Pattern.compile(
                    "(dev\\.azof\\.shaded\\.software\\.amazon\\.awssdk\\.crt\\."
                            + "|com\\.aayushatharva\\.brotli4j\\.|org\\.conscrypt\\.)");

    /** Test classpath entries that the shaded jar bundles (relocated): not what a cluster has. */
    private static final Pattern BUNDLED_ELSEWHERE =
            Pattern.compile("/(org/apache/parquet|org/apache/hadoop|com/github/luben|io/airlift"
                    + "|commons-pool|dev/azof|org/apache/flink/flink-parquet|software/amazon/awssdk"
                    + "|org/apache/httpcomponents|org/reactivestreams)/|/target/");

    /**
     * The S3 commit point from the jar alone (with Flink's jars, as on a cluster): the relocated
     * AWS SDK builds its client without service loading and S3 honours the conditional PUT.
     */
    @Test
    void theS3CommitPointRunsFromTheJar() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer().start();
                URLClassLoader cluster = withFlink(jar)) {
            s3.createBucket("shaded");
            Class<?> configClass = cluster.loadClass("org.apache.flink.configuration.Configuration");
            Object config = configClass.getConstructor().newInstance();
            for (java.util.Map.Entry<String, String> e : s3.flinkConfiguration().toMap().entrySet()) {
                configClass.getMethod("setString", String.class, String.class)
                        .invoke(config, e.getKey(), e.getValue());
            }
            cluster.loadClass("dev.azof.core.fs.AzofFileSystems")
                    .getMethod(
                            "initialize",
                            configClass,
                            cluster.loadClass("org.apache.flink.core.plugin.PluginManager"))
                    .invoke(null, config, null);
            Class<?> pathClass = cluster.loadClass("org.apache.flink.core.fs.Path");
            Object target = pathClass.getConstructor(String.class).newInstance("s3://shaded/t/s1.json");
            Class<?> writesClass = cluster.loadClass("dev.azof.core.fs.MetadataWrites");
            Object writes = writesClass.getMethod("forPath", pathClass).invoke(null, target);
            java.lang.reflect.Method create =
                    writesClass.getMethod("createExclusively", pathClass, byte[].class);

            create.invoke(writes, target, "first".getBytes(StandardCharsets.UTF_8));
            Throwable second = null;
            try {
                create.invoke(writes, target, "second".getBytes(StandardCharsets.UTF_8));
            } catch (InvocationTargetException e) {
                second = e.getCause();
            }

            assertThat(second).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
            try (var client = s3.client()) {
                assertThat(client.getObjectAsBytes(b -> b.bucket("shaded").key("t/s1.json")).asUtf8String())
                        .isEqualTo("first");
            }
        }
    }

    /** A jar with a bundled library missing fails early, naming the class and the jar. */
    @Test
    void aJarWithoutParquetNamesTheMissingClassAndTheJar(@TempDir Path tmp) throws Exception {
        Path stripped = tmp.resolve("flink-sql-connector-azof-without-parquet.jar");
        copyWithout(jar, stripped, RELOCATED + "org/apache/parquet/");

        Throwable failure = requireLibraries(stripped);

        assertThat(failure)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "cannot load class dev.azof.shaded.org.apache.parquet.io.OutputFile")
                .hasMessageContaining(stripped.toUri().toURL().toString());
    }

    // ------------------------------------------------------------------------------------------

    private static java.util.stream.Stream<String> classes() {
        return entries.keySet().stream()
                .filter(n -> n.endsWith(".class"))
                .map(n -> n.replaceFirst("^META-INF/versions/\\d+/", ""));
    }

    /** Runs the connector's classpath check with nothing but {@code jarFile} and the JDK. */
    private static Throwable requireLibraries(Path jarFile) throws Exception {
        try (URLClassLoader alone = isolated(jarFile)) {
            try {
                alone.loadClass("dev.azof.core.io.IoLibraries")
                        .getMethod("requireOnClasspath")
                        .invoke(null);
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            }
        }
    }

    /** {@code jarFile} with Flink's jars from the test class path (not what the jar bundles). */
    private static URLClassLoader withFlink(Path jarFile) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(jarFile.toUri().toURL());
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (p.endsWith(".jar") && !BUNDLED_ELSEWHERE.matcher(p.replace('\\', '/')).find()) {
                urls.add(Path.of(p).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static URLClassLoader isolated(Path jarFile) throws IOException {
        return new URLClassLoader(
                new URL[] {jarFile.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static URL resourceOf(ClassLoader loader, String name) {
        return loader.getResource(name);
    }

    /** Copies the jar and deletes every entry under {@code prefix} (the zip file system keeps
     * the other entries' compressed bytes as they are, which is quick for a large jar). */
    private static void copyWithout(Path from, Path to, String prefix) throws IOException {
        Files.copy(from, to);
        try (FileSystem zip = FileSystems.newFileSystem(to)) {
            Path root = zip.getPath("/" + prefix);
            try (java.util.stream.Stream<Path> tree = Files.walk(root)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String text(String entry) throws IOException {
        assertThat(entries).as("jar entries").containsKey(entry);
        try (ZipFile zip = new ZipFile(jar.toFile());
                InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> serviceLines(String entry) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : text(entry).split("\n")) {
            String trimmed = line.replaceFirst("#.*", "").trim();
            if (!trimmed.isEmpty()) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    /** group:artifact:version of each artifact the build bundled (maven-dependency-plugin list). */
    private static List<String> bundledArtifacts() throws IOException {
        Path list = Path.of(System.getProperty("azof.bundled.artifacts"));
        Pattern line = Pattern.compile("^\\s+([^:\\s]+):([^:]+):jar:([^:\\s]+)");
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                out.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
            }
        }
        return out;
    }
}
