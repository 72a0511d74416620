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

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** The S3 commit point reads the keys users give Flink's S3 file system. */
class S3SettingsTest {

    @Test
    void readsFlinksS3KeysAndShowsNeitherKey() {
        Configuration config = new Configuration();
        config.setString("s3.endpoint", "http://127.0.0.1:9000");
        config.setString("s3.endpoint.region", "eu-west-1");
        config.setString("s3.path.style.access", "true");
        config.setString("s3.access-key", "AKIAEXAMPLE");
        config.setString("s3.secret-key", "very-secret");

        S3Settings s = S3Settings.from(config);

        assertThat(s.endpoint).isEqualTo("http://127.0.0.1:9000");
        assertThat(s.region).isEqualTo("eu-west-1");
        assertThat(s.regionConfigured).isTrue();
        assertThat(s.pathStyle).isTrue();
        assertThat(s.hasStaticCredentials()).isTrue();
        assertThat(s.toString())
                .contains("http://127.0.0.1:9000", "eu-west-1")
                .doesNotContain("very-secret")
                .doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void readsHadoopSpellingsAndDefaultsToTheAwsChainInUsEast1() {
        Configuration config = new Configuration();
        config.setString("fs.s3a.endpoint", "minio:9000");
        config.setString("fs.s3a.path.style.access", "true");

        S3Settings s = S3Settings.from(config);

        assertThat(s.endpoint).isEqualTo("minio:9000");
        assertThat(s.pathStyle).isTrue();
        assertThat(s.region).isEqualTo("us-east-1");
        assertThat(s.regionConfigured).isFalse();
        assertThat(s.hasStaticCredentials()).isFalse();
        assertThat(s.toString()).contains("default chain");
        assertThat(S3Settings.from(new Configuration()).endpoint).isNull();
    }

    @Test
    void settingsFromACusterConfigYamlAreRead(@TempDir Path confDir) throws Exception {
        // Flink 2's config.yaml, nested as users write it: what a TaskManager loads.
        Files.writeString(
                confDir.resolve("config.yaml"),
                "s3:\n"
                        + "  endpoint: http://s3.internal:9000\n"
                        + "  path.style.access: true\n"
                        + "  access-key: from-yaml\n"
                        + "  secret-key: also-from-yaml\n");

        S3Settings s = S3Settings.from(GlobalConfiguration.loadConfiguration(confDir.toString()));

        assertThat(s.endpoint).isEqualTo("http://s3.internal:9000");
        assertThat(s.pathStyle).isTrue();
        assertThat(s.accessKey).isEqualTo("from-yaml");
        assertThat(s.secretKey).isEqualTo("also-from-yaml");
    }

    @Test
    void equalSettingsShareOneClient() {
        S3Settings a = new S3Settings("http://h:1", null, true, "a", "b");
        S3Settings b = new S3Settings("http://h:1", "", true, "a", "b");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(S3MetadataWrites.forSettings(a)).isSameAs(S3MetadataWrites.forSettings(b));
        assertThat(S3MetadataWrites.forSettings(a))
                .isNotSameAs(S3MetadataWrites.forSettings(new S3Settings("http://h:1", null, true, "a", "c")));
    }
}
