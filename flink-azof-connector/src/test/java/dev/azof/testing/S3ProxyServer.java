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

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real S3 server for tests: S3Proxy (in-memory {@code transient-nio2} backend) run as a child
 * Java process on a free 127.0.0.1 port. S3Proxy 4.1 honours {@code If-None-Match: *} on PUT,
 * also between concurrent writers, so commit-conflict tests against it can fail.
 *
 * <p>Use it per class, as a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
 * ...
 * S3.createBucket("tables");
 * AzofFileSystems.initialize(S3.flinkConfiguration(), FlinkPlugins.s3()); // s3://tables/...
 * }</pre>
 *
 * <p>or with try-with-resources ({@link #start()}, {@link #close()}). The S3Proxy jar comes from
 * the system property {@code azof.s3proxy.jar}, which the connector's build sets to the copy that
 * Maven makes in {@code target/test-servers/}; without it, from the local Maven repository.
 */
public final class S3ProxyServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String S3PROXY_VERSION = "4.1.0";
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String accessKey = "azof-test-" + UUID.randomUUID().toString().substring(0, 8);
    // Random, so a test can check that no message ever carries it.
    private final String secretKey = "secret-" + UUID.randomUUID();

    private Process process;
    private Path workDir;
    private int port;

    /** Starts the server and waits until it answers; returns this. */
    public synchronized S3ProxyServer start() throws IOException {
        if (process != null) {
            return this;
        }
        port = freePort();
        workDir = Files.createTempDirectory("azof-s3proxy-");
        Path properties = workDir.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=" + endpoint(),
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=transient-nio2",
                        "jclouds.identity=" + accessKey,
                        "jclouds.credential=" + secretKey,
                        ""),
                StandardCharsets.UTF_8);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process =
                new ProcessBuilder(
                                List.of(
                                        java.toString(),
                                        "-Xmx256m",
                                        "-jar",
                                        s3ProxyJar().toString(),
                                        "--properties",
                                        properties.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log().toFile())
                        .start();
        awaitReady();
        return this;
    }

    /** The server's endpoint, {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /**
     * The Flink configuration that points {@code s3://} at this server, in the keys users give
     * Flink's S3 file system (and azof's S3 commit point reads).
     */
    public Configuration flinkConfiguration() {
        Configuration config = new Configuration();
        config.setString("s3.endpoint", endpoint());
        config.setString("s3.endpoint.region", REGION);
        config.setString("s3.path.style.access", "true");
        config.setString("s3.access-key", accessKey);
        config.setString("s3.secret-key", secretKey);
        return config;
    }

    /** A client of this server, for test set-up and checks. The caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    /** Creates {@code bucket} (a new, empty one). */
    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        deleteQuietly(workDir);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "S3Proxy exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpURLConnection c =
                        (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                // Any HTTP answer (an anonymous request is refused with 403) means it listens.
                c.getResponseCode();
                c.disconnect();
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        String log = logText();
        close();
        throw new IOException("S3Proxy did not answer within " + START_TIMEOUT + ":\n" + log);
    }

    private Path log() {
        return workDir.resolve("s3proxy.log");
    }

    private String logText() {
        try {
            return Files.readString(log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The S3Proxy jar-with-dependencies. */
    public static Path s3ProxyJar() {
        String configured = System.getProperty("azof.s3proxy.jar");
        Path jar =
                configured != null
                        ? Path.of(configured)
                        : Path.of(
                                System.getProperty("user.home"),
                                ".m2/repository/org/gaul/s3proxy",
                                S3PROXY_VERSION,
                                "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "S3Proxy jar not found at "
                            + jar
                            + ": run the tests through Maven (it copies"
                            + " org.gaul:s3proxy:"
                            + S3PROXY_VERSION
                            + ":jar-with-dependencies) or set -Dazof.s3proxy.jar");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory; nothing depends on its removal.
        }
    }
}
