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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Issue 13: no success is reported for work not done (as a user without write permission on the
 * table: expire, DROP TABLE, CREATE TABLE), and nothing outside the warehouse is read or deleted
 * through a symbolic link (DROP TABLE of a link, scan of a link).
 */
class FileSystemSafetyITCase {

    @TempDir File tmp;

    private File warehouse;

    @BeforeEach
    void warehouse() throws Exception {
        // JUnit's temporary directory is private to its owner; nobody must be able to enter it.
        Files.setPosixFilePermissions(tmp.toPath(), PosixFilePermissions.fromString("rwxr-xr-x"));
        warehouse = new File(tmp, "warehouse");
        RandomHistory.write(new Path(new File(warehouse, "t").toURI()), 13L, 40, 6, 40, 0.0);
    }

    /** Every file under {@code dir} with its size: what must not change. */
    private static TreeMap<String, Long> files(File dir) throws Exception {
        TreeMap<String, Long> files = new TreeMap<>();
        try (Stream<java.nio.file.Path> s = Files.walk(dir.toPath())) {
            for (java.nio.file.Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.toPath().relativize(p).toString(), Files.size(p));
            }
        }
        return files;
    }

    /** Runs as a user who may read the table but not write it; skips, saying why, if none can. */
    private CliProcess unprivileged(String... args) throws Exception {
        if (!CliProcess.isRoot()) {
            // Not root: take away our own write permission on the table instead.
            try (Stream<java.nio.file.Path> s = Files.walk(new File(warehouse, "t").toPath())) {
                s.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(false));
            }
            warehouse.setWritable(false);
        } else {
            CliProcess probe = CliProcess.runUnprivileged(tmp, "--version");
            assumeTrue(probe.exitCode == 0, "cannot run the CLI as user nobody here: " + probe);
        }
        return CliProcess.runUnprivileged(tmp, args);
    }

    private static void assertFailsWithReason(CliProcess run, String path) {
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).as(run.toString()).isEmpty();
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .startsWith("azof: error: ")
                .contains(path)
                .contains("permission denied");
    }

    @Test
    void expireWithoutWritePermissionFailsAndSaysWhy() throws Exception {
        TreeMap<String, Long> before = files(warehouse);
        CliProcess run = unprivileged("expire", "--path", warehouse.getPath(), "--table", "t",
                "--retain-last", "1", "--min-file-age", "0s");
        assertFailsWithReason(run, new File(warehouse, "t").getPath());
        assertThat(files(warehouse)).isEqualTo(before);
    }

    @Test
    void dropAndCreateWithoutWritePermissionFailAndSayWhy() throws Exception {
        TreeMap<String, Long> before = files(warehouse);
        CliProcess drop = unprivileged("sql", "--warehouse", warehouse.getPath(), "-e", "DROP TABLE t");
        assertFailsWithReason(drop, new File(warehouse, "t").getPath());
        assertThat(files(warehouse)).isEqualTo(before);

        CliProcess create = CliProcess.runUnprivileged(tmp, "sql", "--warehouse", warehouse.getPath(), "-e",
                "CREATE TABLE u (id BIGINT NOT NULL, event_time TIMESTAMP_LTZ(3), PRIMARY KEY (id) NOT ENFORCED)");
        assertFailsWithReason(create, new File(warehouse, "u").getPath());
        assertThat(files(warehouse)).isEqualTo(before);
    }

    @Test
    void aStreamingInsertOntoAFullDiskEndsAndLeavesNoTemporaryFiles() throws Exception {
        assumeTrue(CliProcess.isRoot(), "mounting a 3 MB file system for the warehouse needs root");
        File disk = new File(tmp, "disk");
        Files.createDirectories(disk.toPath());
        String script =
                "SET 'execution.runtime-mode' = 'streaming';"
                        + "SET 'execution.checkpointing.interval' = '1 s';"
                        + "CREATE TABLE t (k STRING NOT NULL, event_time TIMESTAMP_LTZ(3), v STRING,"
                        + " PRIMARY KEY (k) NOT ENFORCED);"
                        + "CREATE TEMPORARY TABLE gen (k STRING, event_time TIMESTAMP_LTZ(3), v STRING) WITH ("
                        + "'connector' = 'datagen', 'rows-per-second' = '5000', 'fields.k.length' = '12',"
                        + " 'fields.v.length' = '400');"
                        + "INSERT INTO t SELECT k, event_time, v FROM gen";
        CliProcess run = CliProcess.runOnSmallDisk(tmp, disk, 3, "sql", "--warehouse", disk.getPath(), "-e", script);
        assumeTrue(run.exitCode != 99, "cannot mount a tmpfs here: " + run);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines().stream().filter(l -> l.startsWith("azof: error: ")))
                .as(run.toString())
                .singleElement()
                .asString()
                .contains("No space left on device");
        String files = run.out.substring(run.out.indexOf("--- files ---"));
        assertThat(files).as(run.toString()).contains("version.txt").doesNotContain(".tmp");
    }

    @Test
    void aTableThatLinksOutsideTheWarehouseIsNeitherReadNorDropped() throws Exception {
        File other = new File(tmp, "elsewhere");
        RandomHistory.write(new Path(other.toURI()), 14L, 20, 2, 20, 0.0);
        Files.createSymbolicLink(new File(warehouse, "link").toPath(), other.toPath());
        TreeMap<String, Long> before = files(other);

        CliRun drop = CliRun.run("sql", "--warehouse", warehouse.getPath(), "-e", "DROP TABLE link");
        assertThat(drop.exitCode).as(drop.toString()).isEqualTo(1);
        assertThat(drop.errLines()).singleElement().asString().contains("symbolic link").contains(other.getPath());
        assertThat(files(other)).isEqualTo(before);

        CliRun scan = CliRun.run("scan", "--path", warehouse.getPath(), "--table", "link");
        assertThat(scan.exitCode).as(scan.toString()).isEqualTo(1);
        assertThat(scan.errLines()).singleElement().asString().contains("symbolic link");
        CliRun tables = CliRun.run("sql", "--warehouse", warehouse.getPath(), "--format", "csv", "-e", "SHOW TABLES");
        assertThat(tables.outLines()).as(tables.toString()).doesNotContain("link").contains("t");
        assertThat(List.of(warehouse.list())).contains("link", "t");
    }
}
