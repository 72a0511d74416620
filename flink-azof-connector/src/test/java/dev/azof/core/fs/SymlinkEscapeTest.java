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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.AzofException;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A table whose {@code data/} is a symbolic link to another table's (issue 13): reads refuse to
 * follow it, validation reports it, expiration deletes nothing through it.
 */
class SymlinkEscapeTest {

    @TempDir File tmp;

    private static long count(File dir) throws Exception {
        try (Stream<java.nio.file.Path> s = Files.walk(dir.toPath())) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void dataLinkedToAnotherTableIsRefusedReportedAndNeverDeletedThrough() throws Exception {
        File a = new File(tmp, "a");
        File b = new File(tmp, "b");
        RandomHistory.write(new Path(a.toURI()), 3L, 40, 4, 40, 0.0);
        RandomHistory.write(new Path(b.toURI()), 3L, 40, 4, 40, 0.0); // same names of files? no: uuids
        // b's snapshots reference b's own data/ files; make b/data a link to a/data holding a
        // copy of b's files, so that every reference resolves and reads "work" through the link.
        File bData = new File(b, "data");
        File aData = new File(a, "data");
        try (Stream<java.nio.file.Path> s = Files.walk(bData.toPath())) {
            for (java.nio.file.Path p : s.filter(Files::isRegularFile).toList()) {
                java.nio.file.Path target = aData.toPath().resolve(bData.toPath().relativize(p));
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        try (Stream<java.nio.file.Path> s = Files.walk(bData.toPath())) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.createSymbolicLink(bData.toPath(), aData.toPath());
        long filesOfA = count(a);

        AzofTable table = AzofTable.open(b.getPath());
        assertThatThrownBy(
                        () -> {
                            try (RowIterator it = AsOfReader.read(table, table.plan(AsOf.current()))) {
                                while (it.hasNext()) {
                                    it.next();
                                }
                            }
                        })
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("symbolic link to " + aData.toPath().toRealPath());
        List<String> problems = TableValidator.validate(new Path(b.toURI()));
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).contains("symbolic link"));
        assertThatThrownBy(
                        () -> new SnapshotExpiration(new Path(b.toURI()))
                                .retainLast(1)
                                .minFileAge(Duration.ZERO)
                                .run())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("symbolic link");
        assertThat(count(a)).isEqualTo(filesOfA);
    }

    @Test
    void deletingATreeRemovesLinksNotWhatTheyPointTo() throws Exception {
        File victim = new File(tmp, "victim");
        Files.createDirectories(victim.toPath());
        Files.writeString(new File(victim, "keep.txt").toPath(), "x");
        File dir = new File(tmp, "dir");
        Files.createDirectories(dir.toPath());
        Files.createSymbolicLink(new File(dir, "link").toPath(), victim.toPath());
        Files.writeString(new File(dir, "f.txt").toPath(), "y");

        FileOperations.deleteTree(new Path(dir.toURI()));
        assertThat(dir).doesNotExist();
        assertThat(new File(victim, "keep.txt")).exists();
        Files.createSymbolicLink(dir.toPath(), victim.toPath());
        assertThatThrownBy(() -> FileOperations.deleteTree(new Path(dir.toURI())))
                .hasMessageContaining("symbolic link");
        assertThat(new File(victim, "keep.txt")).exists();
    }
}
