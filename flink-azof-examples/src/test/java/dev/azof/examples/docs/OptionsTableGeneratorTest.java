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

package dev.azof.examples.docs;

import dev.azof.flink.table.AzofOptions;

import org.apache.flink.configuration.ConfigOption;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The options tables of the docs are generated from {@link AzofOptions} and must not drift: when
 * this fails, run {@code mvn -q -B -pl flink-azof-examples -am test-compile exec:java@docs} from the
 * repository root and commit the result.
 */
class OptionsTableGeneratorTest {

    @Test
    void everyOptionIsDeclaredListedAndDescribed() {
        assertThat(new HashSet<ConfigOption<?>>(AzofOptions.all()))
                .as("AzofOptions.all() lists every declared option")
                .isEqualTo(OptionsTableGenerator.declaredTypes().keySet());
        for (ConfigOption<?> option : AzofOptions.all()) {
            assertThat(option.description().getBlocks())
                    .as("description of '%s'", option.key())
                    .isNotEmpty();
        }
    }

    @Test
    void tableHasOneRowPerOption() {
        String table = OptionsTableGenerator.table();
        for (ConfigOption<?> option : AzofOptions.all()) {
            assertThat(table).contains("| `" + option.key() + "` |");
        }
        assertThat(table.lines().count()).isEqualTo(AzofOptions.all().size() + 2);
    }

    @Test
    void docsHoldTheCurrentTable() throws IOException {
        String expected = OptionsTableGenerator.table();
        for (String doc : OptionsTableGenerator.DOCS) {
            Path file = root().resolve(doc);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(OptionsTableGenerator.tableIn(text))
                    .as(
                            "options table of %s (regenerate: mvn -q -B -pl flink-azof-examples"
                                    + " -am test-compile exec:java@docs)",
                            doc)
                    .isEqualTo(expected);
        }
    }

    @Test
    void replacesOnlyBetweenTheMarkers() {
        String doc = "intro\n" + OptionsTableGenerator.START + "\nold\n" + OptionsTableGenerator.END + "\nrest\n";
        String updated = OptionsTableGenerator.replaceTable(doc, "| new |\n");
        assertThat(updated)
                .isEqualTo(
                        "intro\n" + OptionsTableGenerator.START + "\n| new |\n" + OptionsTableGenerator.END + "\nrest\n");
        assertThat(OptionsTableGenerator.tableIn(updated)).isEqualTo("| new |\n");
        assertThatThrownBy(() -> OptionsTableGenerator.replaceTable("no markers", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Path root() {
        Path start = Path.of(System.getProperty("azof.project.root", ".")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/spec.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + start);
    }
}
