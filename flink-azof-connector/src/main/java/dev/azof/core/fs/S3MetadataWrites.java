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
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.Path;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3's commit point: a conditional PUT ({@code If-None-Match: *}), which S3 applies atomically,
 * answering 412 to every writer but one. Flink's S3 file system cannot do this (it creates with
 * check-then-act), so azof writes its metadata files with the AWS SDK directly; data files and
 * every read still go through Flink's file system.
 *
 * <p>A PUT whose outcome is unknown (the connection broke, or the server failed after it may have
 * stored the bytes) is ambiguous: the object is read back. The bytes azof sent mean this writer
 * won; other bytes mean another writer won; no object means the PUT did not happen, and it is
 * tried again, a bounded number of times with backoff. A 412 after such an attempt is ambiguous
 * in the same way (it may answer this writer's own earlier PUT).
 *
 * <p>Replacing (the version pointer) is a plain PUT, atomic on S3: readers see the old or the new
 * object, never a part.
 */
final class S3MetadataWrites implements MetadataWrites, AutoCloseable {

    static final int MAX_ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private static final Map<S3Settings, S3MetadataWrites> BY_SETTINGS = new ConcurrentHashMap<>();
    private static volatile Configuration clusterConfiguration;

    private final S3Client s3;
    private final S3Settings settings;

    S3MetadataWrites(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /**
     * The commit point for the S3 configuration in force: the one this process gave {@link
     * AzofFileSystems#initialize} (the CLI, tests) or else the Flink cluster's ({@code
     * FLINK_CONF_DIR}'s config file), which Flink's S3 file system reads too. One client per
     * configuration.
     */
    static S3MetadataWrites forCurrentConfiguration() {
        Configuration config = AzofFileSystems.configuration();
        return forSettings(S3Settings.from(config != null ? config : clusterConfiguration()));
    }

    static S3MetadataWrites forSettings(S3Settings settings) {
        return BY_SETTINGS.computeIfAbsent(
                settings, s -> new S3MetadataWrites(newClient(s), s));
    }

    private static Configuration clusterConfiguration() {
        Configuration c = clusterConfiguration;
        if (c == null) {
            c = GlobalConfiguration.loadConfiguration();
            clusterConfiguration = c;
        }
        return c;
    }

    static S3Client newClient(S3Settings settings) {
        AwsCredentialsProvider credentials =
                settings.hasStaticCredentials()
                        ? StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(settings.accessKey, settings.secretKey))
                        : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder =
                S3Client.builder()
                        .region(Region.of(settings.region))
                        .credentialsProvider(credentials)
                        .forcePathStyle(settings.pathStyle)
                        // The HTTP client named here, not found by service loading (which a
                        // relocated, shaded copy of the SDK would not find).
                        .httpClientBuilder(Apache5HttpClient.builder())
                        // Retries are this class's: it must know whether a PUT was repeated.
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (settings.endpoint != null) {
            builder.endpointOverride(URI.create(withScheme(settings.endpoint)));
        } else if (!settings.regionConfigured) {
            // Without a region, follow a bucket to its own region rather than fail.
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }

    /** Flink's S3 file system takes an endpoint without a scheme as https. */
    private static String withScheme(String endpoint) {
        return endpoint.contains("://") ? endpoint : "https://" + endpoint;
    }

    @Override
    public void createExclusively(Path target, byte[] content) throws IOException {
        S3Location at = S3Location.of(target);
        boolean ambiguous = false;
        SdkException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                backoff(attempt, target);
            }
            try {
                s3.putObject(
                        b -> b.bucket(at.bucket).key(at.key).ifNoneMatch("*"),
                        RequestBody.fromBytes(content));
                return;
            } catch (AwsServiceException e) {
                last = e;
                if (e.statusCode() == 412) {
                    if (!ambiguous) {
                        throw taken(target);
                    }
                    // Maybe this writer's own earlier PUT, whose answer was lost.
                    if (readBackDecides(at, target, content)) {
                        return;
                    }
                } else if (e.statusCode() == 409) {
                    // ConditionalRequestConflict: a concurrent conditional write to the key is in
                    // flight; the next attempt sees its outcome.
                } else if (e.statusCode() >= 500) {
                    ambiguous = true;
                    if (readBackDecides(at, target, content)) {
                        return;
                    }
                } else {
                    throw failure("cannot create", target, e);
                }
            } catch (SdkClientException e) {
                // The request may have reached S3 before the connection failed.
                last = e;
                ambiguous = true;
                if (readBackDecides(at, target, content)) {
                    return;
                }
            }
        }
        throw failure(
                "cannot create (gave up after " + MAX_ATTEMPTS + " attempts)", target, last);
    }

    /**
     * Reads the object back after an ambiguous attempt: true if it holds {@code content} (this
     * writer won), {@link FileAlreadyExistsException} if it holds other bytes, false if it is
     * absent or cannot be read now (try the PUT again).
     */
    private boolean readBackDecides(S3Location at, Path target, byte[] content)
            throws IOException {
        byte[] stored;
        try {
            stored = s3.getObjectAsBytes(b -> b.bucket(at.bucket).key(at.key)).asByteArray();
        } catch (NoSuchKeyException absent) {
            return false;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() >= 500) {
                return false;
            }
            throw failure("cannot read back", target, e);
        } catch (SdkClientException e) {
            return false;
        }
        if (Arrays.equals(stored, content)) {
            return true;
        }
        throw taken(target);
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        S3Location at = S3Location.of(target);
        SdkException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                backoff(attempt, target);
            }
            try {
                // Repeating a PUT of the same bytes is safe.
                s3.putObject(b -> b.bucket(at.bucket).key(at.key), RequestBody.fromBytes(content));
                return;
            } catch (AwsServiceException e) {
                if (e.statusCode() < 500) {
                    throw failure("cannot write", target, e);
                }
                last = e;
            } catch (SdkClientException e) {
                last = e;
            }
        }
        throw failure("cannot write (gave up after " + MAX_ATTEMPTS + " attempts)", target, last);
    }

    /** Closes the client; the shared instances of {@link #forSettings} live as long as the JVM. */
    @Override
    public void close() {
        s3.close();
    }

    private static FileAlreadyExistsException taken(Path target) {
        return new FileAlreadyExistsException(
                target.toString(), null, "another writer created it first");
    }

    /**
     * An error naming the object, the store's answer and the configuration (never the keys). The
     * SDK's exception stays out of the cause chain: its messages are the SDK's to word.
     */
    private IOException failure(String what, Path target, @Nullable SdkException e) {
        StringBuilder reason = new StringBuilder();
        if (e instanceof AwsServiceException) {
            AwsServiceException se = (AwsServiceException) e;
            reason.append("S3 answered ").append(se.statusCode());
            if (se.awsErrorDetails() != null) {
                if (se.awsErrorDetails().errorCode() != null) {
                    reason.append(' ').append(se.awsErrorDetails().errorCode());
                }
                if (se.awsErrorDetails().errorMessage() != null) {
                    reason.append(": ").append(se.awsErrorDetails().errorMessage());
                }
            }
        } else if (e != null) {
            reason.append(e.getMessage());
        }
        return new IOException(
                what + " " + target + ": " + redact(reason.toString()) + " (" + settings + ")");
    }

    /** Keeps a configured secret out of a message, whatever a server chose to echo. */
    private String redact(String message) {
        String m = message;
        if (settings.secretKey != null) {
            m = m.replace(settings.secretKey, "****");
        }
        return m;
    }

    private static void backoff(int attempt, Path target) throws IOException {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(attempt - 2, 6);
        try {
            Thread.sleep(millis + (long) (Math.random() * millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + target);
        }
    }

    /** An {@code s3://bucket/key} (or {@code s3a://}) path as bucket and key. */
    static final class S3Location {
        final String bucket;
        final String key;

        private S3Location(String bucket, String key) {
            this.bucket = bucket;
            this.key = key;
        }

        static S3Location of(Path path) {
            URI uri = path.toUri();
            String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
            String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
            if (bucket == null || bucket.isEmpty() || key.isEmpty()) {
                throw new IllegalArgumentException(
                        path + " is not an S3 object path (s3://bucket/key)");
            }
            return new S3Location(bucket, key);
        }
    }
}
