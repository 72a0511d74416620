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

import javax.annotation.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * Where and as whom azof's S3 commit point talks to S3: read from the keys users already give
 * Flink's S3 file system ({@code s3.endpoint}, {@code s3.access-key}, ...), so S3 is configured
 * once. {@link #toString()} shows neither key.
 */
final class S3Settings {

    static final String DEFAULT_REGION = "us-east-1";

    // Each setting in the spellings Flink's S3 file systems accept (they mirror "s3." keys to
    // Hadoop's "fs.s3a." ones), the documented one first.
    static final List<String> ENDPOINT = List.of("s3.endpoint", "s3a.endpoint", "fs.s3a.endpoint");
    static final List<String> REGION =
            List.of("s3.endpoint.region", "s3a.endpoint.region", "fs.s3a.endpoint.region");
    static final List<String> PATH_STYLE =
            List.of("s3.path.style.access", "s3a.path.style.access", "fs.s3a.path.style.access");
    static final List<String> ACCESS_KEY =
            List.of("s3.access-key", "s3.access.key", "s3a.access.key", "fs.s3a.access.key");
    static final List<String> SECRET_KEY =
            List.of("s3.secret-key", "s3.secret.key", "s3a.secret.key", "fs.s3a.secret.key");

    @Nullable final String endpoint;
    final String region;
    /** False when no region was configured: the client then follows a bucket to its region. */
    final boolean regionConfigured;

    final boolean pathStyle;
    @Nullable final String accessKey;
    @Nullable final String secretKey;

    S3Settings(
            @Nullable String endpoint,
            @Nullable String region,
            boolean pathStyle,
            @Nullable String accessKey,
            @Nullable String secretKey) {
        this.endpoint = blankToNull(endpoint);
        this.regionConfigured = blankToNull(region) != null;
        this.region = regionConfigured ? region.trim() : DEFAULT_REGION;
        this.pathStyle = pathStyle;
        this.accessKey = blankToNull(accessKey);
        this.secretKey = blankToNull(secretKey);
    }

    static S3Settings from(Configuration config) {
        return new S3Settings(
                first(config, ENDPOINT),
                first(config, REGION),
                Boolean.parseBoolean(first(config, PATH_STYLE)),
                first(config, ACCESS_KEY),
                first(config, SECRET_KEY));
    }

    /** Static keys when both are configured; otherwise the AWS SDK's default credential chain. */
    boolean hasStaticCredentials() {
        return accessKey != null && secretKey != null;
    }

    @Nullable
    private static String first(Configuration config, List<String> keys) {
        for (String key : keys) {
            String value = config.toMap().get(key);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    @Nullable
    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof S3Settings)) {
            return false;
        }
        S3Settings that = (S3Settings) o;
        return regionConfigured == that.regionConfigured
                && pathStyle == that.pathStyle
                && Objects.equals(endpoint, that.endpoint)
                && region.equals(that.region)
                && Objects.equals(accessKey, that.accessKey)
                && Objects.equals(secretKey, that.secretKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, region, pathStyle, accessKey);
    }

    @Override
    public String toString() {
        return "S3 endpoint "
                + (endpoint == null ? "(AWS)" : endpoint)
                + ", region "
                + region
                + (pathStyle ? ", path-style access" : "")
                + (hasStaticCredentials()
                        ? ", static credentials"
                        : ", credentials from the AWS default chain");
    }
}
