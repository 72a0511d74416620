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

import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.util.SerializedThrowable;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ErrorMessages}. */
class ErrorMessagesTest {

    @Test
    void prefersInnermostValidationException() {
        Throwable e =
                new TableException(
                        "Failed to execute sql",
                        new ValidationException(
                                "Unable to create a source for reading table 'x'.\n\nTable options",
                                new ValidationException(
                                        "Could not find any factory for identifier 'nope'.\n\n"
                                            + "Available factory identifiers are:\n\n"
                                            + "datagen")));
        assertThat(ErrorMessages.describe(e))
                .isEqualTo(
                        "Could not find any factory for identifier 'nope'. Available factory"
                                + " identifiers are: datagen");
    }

    @Test
    void fallsBackToRootCause() {
        Throwable e =
                new ExecutionException(
                        "wrapper",
                        new RuntimeException(
                                "Job failed", new IllegalStateException("disk on fire")));
        assertThat(ErrorMessages.describe(e)).isEqualTo("disk on fire");
    }

    @Test
    void recognisesSerializedExceptions() {
        Throwable original = new ValidationException("Object 'nope' not found");
        Throwable e = new RuntimeException("outer", new SerializedThrowable(original));
        assertThat(ErrorMessages.describe(e)).isEqualTo("Object 'nope' not found");
    }

    @Test
    void namesExceptionWithoutMessage() {
        assertThat(ErrorMessages.describe(new RuntimeException(new NullPointerException())))
                .isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void namesErrorsWhoseMessageIsOnlyAName() {
        Throwable e = new RuntimeException("wrapper", new NoClassDefFoundError("a/b/C"));
        assertThat(ErrorMessages.describe(e)).isEqualTo("NoClassDefFoundError: a/b/C");
        assertThat(ErrorMessages.describe(new java.nio.file.NoSuchFileException("/tmp/x")))
                .isEqualTo("/tmp/x: no such file or directory");
        assertThat(ErrorMessages.describe(new RuntimeException("Could not execute DropTable", new java.nio.file.AccessDeniedException("/w/t/s1.json"))))
                .isEqualTo("/w/t/s1.json: permission denied");
    }

    @Test
    void shortensParserMessages() {
        Throwable e =
                new org.apache.flink.table.api.SqlParserException(
                        "SQL parse failed. Encountered \"SELEC\" at line 1, column 1.\n"
                                + "Was expecting one of:\n    \"ABS\" ...");
        assertThat(ErrorMessages.describe(e))
                .isEqualTo("SQL parse failed. Encountered \"SELEC\" at line 1, column 1.");
    }

    @Test
    void addsTheRootCauseWhenTheChosenMessageLacksIt() {
        Throwable e =
                new ValidationException(
                        "Could not execute CreateTable in path `azof`.`default`.`t`",
                        new IllegalStateException(
                                "Table (or view) default.t already exists in Catalog azof."));
        // Flink's "Could not execute ..." only names the statement: the cause says what happened.
        assertThat(ErrorMessages.describe(e))
                .isEqualTo("Table (or view) default.t already exists in Catalog azof.");

        // A message that already says it is not repeated.
        Throwable said =
                new CliException(
                        "cannot read x: disk on fire", new IllegalStateException("disk on fire"));
        assertThat(ErrorMessages.describe(said)).isEqualTo("cannot read x: disk on fire");
        // Nor is a cause above the chosen message.
        Throwable above =
                new TableException(
                        "Failed to execute sql", new ValidationException("Object 'nope' not found"));
        assertThat(ErrorMessages.describe(above)).isEqualTo("Object 'nope' not found");
    }
}
