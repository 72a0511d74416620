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

package dev.azof.examples.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator is deterministic, and the committed {@code test-data/} is its current output. */
class SampleDataGeneratorTest {

    @TempDir static Path tmp;

    private static Map<String, byte[]> first;
    private static Map<String, byte[]> second;

    @BeforeAll
    static void generateTwice() throws IOException {
        SampleDataGenerator.generate(tmp.resolve("a"));
        first = contents(tmp.resolve("a"));
        // The second run writes over a first one, as a rerun in the repository does.
        SampleDataGenerator.generate(tmp.resolve("b"));
        SampleDataGenerator.generate(tmp.resolve("b"));
        second = contents(tmp.resolve("b"));
    }

    @Test
    void twoRunsWriteTheSameBytes() {
        assertThat(first)
                .containsKeys(
                        "events/filings.csv",
                        "events/late-filings.csv",
                        "tables/filings/version.txt");
        assertSameFiles(first, second);
    }

    @Test
    void committedTestDataIsUpToDate() throws IOException {
        // Also proves that the output does not depend on the JVM run: the committed files were
        // written by another one. If this fails after a change to the generator, regenerate
        // (see the README, "Sample data").
        Map<String, byte[]> actual = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : contents(SampleData.testDataDir()).entrySet()) {
            if (e.getKey().startsWith("events/") || e.getKey().startsWith("tables/filings/")) {
                actual.put(e.getKey(), e.getValue());
            }
        }
        assertSameFiles(first, actual);
    }

    @Test
    void sampleDataStaysSmall() throws IOException {
        long total = 0;
        for (byte[] bytes : contents(SampleData.testDataDir()).values()) {
            total += bytes.length;
        }
        assertThat(total).isLessThan(1_000_000L);
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    /** Every file below {@code dir}, by path relative to it (with '/'), sorted. */
    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> paths = Files.walk(dir)) {
            files = paths.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path f : files) {
            out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
        return out;
    }
}
