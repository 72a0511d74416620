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
package dev.azof.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing the causal chain out of the stack-trace text Flink's REST APIs return. */
class ExceptionChainTest {

    /** A shortened copy of what the SQL gateway answered to a CREATE CATALOG without the jar. */
    private static final String GATEWAY_TRACE =
            String.join(
                    "\n",
                    "<Exception on server side:",
                    "org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.",
                    "\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)",
                    "\tat java.base/java.lang.Thread.run(Thread.java:840)",
                    "Caused by: org.apache.flink.table.api.ValidationException: Unable to create catalog 'azof'.",
                    "",
                    "Catalog options are:",
                    "'type'='azof'",
                    "\t... 7 more",
                    "Caused by: org.apache.flink.table.api.ValidationException: Could not find any factory"
                            + " for identifier 'azof' that implements"
                            + " 'org.apache.flink.table.factories.CatalogFactory' in the classpath.",
                    "",
                    "Available factory identifiers are:",
                    "",
                    "generic_in_memory",
                    "\t... 18 more",
                    "",
                    "End of exception on server side>");

    @Test
    void rootCauseIsTheLastCauseWithItsWholeMessage() {
        ExceptionChain chain = ExceptionChain.parse(GATEWAY_TRACE);

        assertThat(chain.messages()).hasSize(3);
        assertThat(chain.messages().get(0))
                .isEqualTo("org.apache.flink.table.gateway.api.utils.SqlGatewayException:"
                        + " Failed to fetchResults.");
        assertThat(chain.messages().get(1)).endsWith("Catalog options are:\n'type'='azof'");
        assertThat(chain.rootCause())
                .startsWith("org.apache.flink.table.api.ValidationException: Could not find any"
                        + " factory for identifier 'azof'")
                .endsWith("generic_in_memory");
    }

    @Test
    void describeLeadsWithTheRootCauseAndListsTheChainByFirstLines() {
        String description = ExceptionChain.parse(GATEWAY_TRACE).describe();

        assertThat(description.lines().findFirst().orElseThrow())
                .startsWith("root cause: org.apache.flink.table.api.ValidationException: Could not"
                        + " find any factory for identifier 'azof'");
        assertThat(description)
                .contains("  - org.apache.flink.table.api.ValidationException: Unable to create"
                        + " catalog 'azof'. [...]");
    }

    @Test
    void aTraceLoggedByTheTaskManagerStartsWithTheExceptionItself() {
        String logged =
                String.join(
                        "\n",
                        "java.lang.NoClassDefFoundError: dev/azof/shaded/Missing",
                        "\tat dev.azof.core.io.ParquetRowWriter.create(ParquetRowWriter.java:186)"
                                + " ~[flink-sql-connector-azof.jar:?]",
                        "Caused by: java.lang.ClassNotFoundException: dev.azof.shaded.Missing",
                        "\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)",
                        "\t... 20 more");

        assertThat(ExceptionChain.parse(logged).messages())
                .isEqualTo(List.of(
                        "java.lang.NoClassDefFoundError: dev/azof/shaded/Missing",
                        "java.lang.ClassNotFoundException: dev.azof.shaded.Missing"));
    }

    @Test
    void textWithoutFramesIsOneMessage() {
        assertThat(ExceptionChain.parse("Session abc does not exist.").rootCause())
                .isEqualTo("Session abc does not exist.");
        assertThat(ExceptionChain.parse("").rootCause()).isEqualTo("(no exception text)");
    }
}
