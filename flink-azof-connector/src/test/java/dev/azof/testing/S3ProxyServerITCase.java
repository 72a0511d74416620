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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The S3 test harness itself: S3Proxy answers, and Flink's S3 plugin reaches it. */
@Timeout(120)
class S3ProxyServerITCase {

    @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

    @BeforeAll
    static void setUp() {
        S3.createBucket("harness");
        FlinkPlugins.initializeFileSystems(S3.flinkConfiguration());
    }

    @Test
    void conditionalPutOfAnExistingKeyIsRefused() {
        try (S3Client s3 = S3.client()) {
            s3.putObject(
                    b -> b.bucket("harness").key("once").ifNoneMatch("*"),
                    RequestBody.fromString("first"));
            assertThatThrownBy(
                            () ->
                                    s3.putObject(
                                            b -> b.bucket("harness").key("once").ifNoneMatch("*"),
                                            RequestBody.fromString("second")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("harness").key("once")).asUtf8String())
                    .isEqualTo("first");
        }
    }

    @Test
    void flinksS3FileSystemIsLoadedAsAPluginAndReachesTheServer() throws Exception {
        Path path = new Path("s3://harness/dir/hello.txt");
        FileSystem fs = path.getFileSystem();
        // Loaded by the plugin's class loader: the test class path does not have it.
        assertThatThrownBy(() -> Class.forName("org.apache.flink.fs.s3hadoop.S3FileSystemFactory"))
                .isInstanceOf(ClassNotFoundException.class);
        try (OutputStream out = fs.create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = fs.open(path)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        try (S3Client s3 = S3.client()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("harness").key("dir/hello.txt")).asUtf8String())
                    .isEqualTo("hello");
        }
    }
}
