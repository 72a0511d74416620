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
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code -D} flags and warehouse URIs every command accepts. */
class FlinkConfigOptionTest {

    @AfterEach
    void resetFileSystems() {
        AzofFileSystems.initialize(new Configuration(), null);
    }

    @Test
    void everyTableCommandTakesDashD() {
        for (String command : new String[] {"sql", "scan", "plan", "validate", "compact", "expire"}) {
            CliRun run = CliRun.run(command, "--help");
            assertThat(run.out).as(command).contains("-D=KEY=VALUE");
        }
    }

    @Test
    void flagsReachTheFileSystemsBeforeTheCommandRuns() {
        CliRun run =
                CliRun.run(
                        "scan", "-D", "s3.endpoint=http://127.0.0.1:1", "-Dazof.test.flag=yes",
                        "-p", "/nonexistent-warehouse", "-t", "t");
        assertThat(run.exitCode).isEqualTo(1);
        Configuration applied = AzofFileSystems.configuration();
        assertThat(applied.toMap())
                .containsEntry("s3.endpoint", "http://127.0.0.1:1")
                .containsEntry("azof.test.flag", "yes");
    }

    @Test
    void demoPassesEverythingButTheFlagsOn() {
        List<String> rest =
                FlinkConfigOption.initializeFileSystems(
                        Arrays.asList("--warehouse", "/w", "-D", "a.b=1", "-Dc.d=x=y", "--help"));
        assertThat(rest).containsExactly("--warehouse", "/w", "--help");
        assertThat(AzofFileSystems.configuration().toMap())
                .containsEntry("a.b", "1")
                .containsEntry("c.d", "x=y");
        assertThatThrownBy(() -> FlinkConfigOption.initializeFileSystems(Arrays.asList("-D", "novalue")))
                .hasMessageContaining("-D expects KEY=VALUE, not 'novalue'");
        assertThatThrownBy(() -> FlinkConfigOption.initializeFileSystems(Arrays.asList("-D")))
                .hasMessageContaining("-D needs a KEY=VALUE argument");
    }

    @Test
    void warehousesAreUrisOrLocalDirectories() {
        assertThat(Warehouses.parse("s3://bucket/wh")).isEqualTo(new Path("s3://bucket/wh"));
        assertThat(Warehouses.parse("hdfs://nn:8020/wh").toUri().getAuthority()).isEqualTo("nn:8020");
        Path local = Warehouses.parse("relative/dir");
        assertThat(local.toUri().getScheme()).isEqualTo("file");
        assertThat(local.toUri().getPath()).endsWith("/relative/dir").startsWith("/");
        assertThat(Warehouses.parse("file:///tmp/a/../b").toUri().getPath()).isEqualTo("/tmp/b");
        assertThatThrownBy(() -> Warehouses.parse("s3://bad bucket/x"))
                .hasMessageContaining("invalid warehouse URI 's3://bad bucket/x'");
    }
}
