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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link StatementSplitter}. */
class StatementSplitterTest {

    @Test
    void splitsOnSemicolonsAndTrims() {
        assertThat(StatementSplitter.split("  SELECT 1 ;\nSELECT 2;;  SELECT 3  "))
                .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void keepsSemicolonsInsideStringLiterals() {
        assertThat(StatementSplitter.split("SELECT 'a;b', 'it''s; ok'; SELECT 2"))
                .containsExactly("SELECT 'a;b', 'it''s; ok'", "SELECT 2");
    }

    @Test
    void keepsSemicolonsInsideQuotedIdentifiers() {
        assertThat(StatementSplitter.split("SELECT `a;b`, \"c;d\" FROM t; SELECT 2"))
                .containsExactly("SELECT `a;b`, \"c;d\" FROM t", "SELECT 2");
    }

    @Test
    void removesLineComments() {
        assertThat(StatementSplitter.split("-- leading; comment\nSELECT 1 -- trailing; x\n;"))
                .containsExactly("SELECT 1");
    }

    @Test
    void removesBlockCommentsButKeepsHints() {
        assertThat(
                        StatementSplitter.split(
                                "/* a; b */ SELECT /*+ OPTIONS('k'='v;w') */ x FROM t;/* only */"))
                .containsExactly("SELECT /*+ OPTIONS('k'='v;w') */ x FROM t");
    }

    @Test
    void commentMarkersInsideStringsAreText() {
        assertThat(StatementSplitter.split("SELECT '-- not a comment; /* nor this */'"))
                .containsExactly("SELECT '-- not a comment; /* nor this */'");
    }

    @Test
    void keepsSetStatements() {
        assertThat(
                        StatementSplitter.split(
                                "SET 'execution.runtime-mode' = 'streaming';\nSELECT 1;"))
                .containsExactly("SET 'execution.runtime-mode' = 'streaming'", "SELECT 1");
    }

    @Test
    void keepsStatementSetTogether() {
        assertThat(
                        StatementSplitter.split(
                                "SET 'a'='b'; EXECUTE STATEMENT SET BEGIN INSERT INTO x SELECT 1;"
                                        + " INSERT INTO y SELECT 2; END; SELECT 3"))
                .containsExactly(
                        "SET 'a'='b'",
                        "EXECUTE STATEMENT SET BEGIN INSERT INTO x SELECT 1;\n"
                                + "INSERT INTO y SELECT 2;\nEND",
                        "SELECT 3");
    }

    @Test
    void emptyScriptHasNoStatements() {
        assertThat(StatementSplitter.split(" ;\n -- nothing\n ; ")).isEmpty();
    }

    @Test
    void rejectsUnterminatedLiteral() {
        assertThatThrownBy(() -> StatementSplitter.split("SELECT 'abc; SELECT 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated string literal");
    }

    @Test
    void rejectsUnterminatedBlockComment() {
        assertThatThrownBy(() -> StatementSplitter.split("SELECT 1 /* abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated block comment");
    }
}
