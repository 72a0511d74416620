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

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of the SQL gateway's REST API (sessions, statements, result pages), on the JDK's HTTP
 * client and Jackson: the test JVM holds no Flink classes, so this is all it has to talk to the
 * cluster, like any non-Java client of the gateway.
 *
 * <p>It speaks the newest REST API version the gateway offers ({@code GET /api_versions}); every
 * call used here exists unchanged from V2 on (results with {@code rowFormat=JSON}), which every
 * Flink 2.x gateway serves.
 */
public final class SqlGatewayClient {

    /** A statement that takes longer is reported as hanging. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(5);

    private final HttpJson http = new HttpJson();
    private final URI endpoint;
    private final String versionPath;

    private SqlGatewayClient(URI endpoint, String versionPath) {
        this.endpoint = endpoint;
        this.versionPath = versionPath;
    }

    /** Connects to a running gateway and picks its newest REST API version. */
    public static SqlGatewayClient connect(URI endpoint) {
        JsonNode versions = new HttpJson().getOk(endpoint.resolve("/api_versions")).path("versions");
        String newest = null;
        for (JsonNode version : versions) {
            String name = version.asText();
            if (newest == null || versionNumber(name) > versionNumber(newest)) {
                newest = name;
            }
        }
        if (newest == null || versionNumber(newest) < 2) {
            throw new IllegalStateException(
                    "the gateway at " + endpoint + " offers no REST API version >= V2: " + versions);
        }
        return new SqlGatewayClient(endpoint, "/" + newest.toLowerCase());
    }

    private static int versionNumber(String version) {
        // "V4" -> 4
        return Integer.parseInt(version.substring(1));
    }

    /** The REST API version in use, e.g. {@code /v4}. */
    public String versionPath() {
        return versionPath;
    }

    /** Opens a session with the given session configuration (like {@code SET} statements). */
    public Session openSession(String name, Map<String, String> properties) {
        JsonNode body =
                http.postOk(
                        uri("/sessions"), Map.of("sessionName", name, "properties", properties));
        return new Session(body.path("sessionHandle").asText());
    }

    private URI uri(String path) {
        return endpoint.resolve(versionPath + path);
    }

    /**
     * A gateway session: statements run in order and share its catalogs, temporary tables, added
     * jars and {@code SET} options.
     */
    public final class Session implements AutoCloseable {

        private final String handle;

        private Session(String handle) {
            this.handle = Objects.requireNonNull(handle);
        }

        public String handle() {
            return handle;
        }

        /** Runs one statement and returns its complete result; see {@link #execute(String, Duration)}. */
        public StatementResult execute(String statement) {
            return execute(statement, DEFAULT_STATEMENT_TIMEOUT);
        }

        /**
         * Submits one statement, waits for it and fetches every result page. A query returns its
         * rows once its job has delivered them all; an {@code INSERT} returns its job id (at once,
         * or when the job has finished with {@code 'table.dml-sync' = 'true'}).
         *
         * @throws SqlStatementException when the gateway reports an error, root cause first
         */
        public StatementResult execute(String statement, Duration timeout) {
            JsonNode submitted =
                    request(statement, () -> http.post(uri(sessionPath() + "/statements"),
                            Map.of("statement", statement)));
            String operation = submitted.path("operationHandle").asText();
            try {
                return fetchAll(statement, operation, timeout);
            } finally {
                closeOperation(operation);
            }
        }

        private StatementResult fetchAll(String statement, String operation, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> columns = new ArrayList<>();
            List<List<Object>> rows = new ArrayList<>();
            String jobId = null;
            String next = versionPath + sessionPath() + "/operations/" + operation
                    + "/result/0?rowFormat=JSON";
            Duration pause = Duration.ofMillis(50);
            while (next != null) {
                URI page = endpoint.resolve(next);
                JsonNode body = request(statement, () -> http.get(page));
                String resultType = body.path("resultType").asText();
                if (body.path("jobID").isTextual()) {
                    jobId = body.path("jobID").asText();
                }
                if ("NOT_READY".equals(resultType)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "no result after " + timeout + " for statement: " + statement);
                    }
                    Waits.sleep(pause);
                    pause = pause.multipliedBy(2).compareTo(Duration.ofMillis(500)) > 0
                            ? Duration.ofMillis(500)
                            : pause.multipliedBy(2);
                } else if ("PAYLOAD".equals(resultType) || "EOS".equals(resultType)) {
                    JsonNode results = body.path("results");
                    if (columns.isEmpty()) {
                        for (JsonNode column : results.path("columns")) {
                            columns.add(column.path("name").asText());
                        }
                    }
                    for (JsonNode row : results.path("data")) {
                        rows.add(toRow(statement, row));
                    }
                    pause = Duration.ofMillis(50);
                } else {
                    throw new IllegalStateException(
                            "unexpected result type '" + resultType + "' for statement: "
                                    + statement + "\n" + body);
                }
                next = body.path("nextResultUri").isTextual()
                        ? body.path("nextResultUri").asText()
                        : null;
            }
            return new StatementResult(columns, rows, Optional.ofNullable(jobId));
        }

        private void closeOperation(String operation) {
            try {
                http.delete(uri(sessionPath() + "/operations/" + operation + "/close"));
            } catch (IOException ignored) {
                // Only frees the gateway's memory; the session's close frees it too.
            }
        }

        private String sessionPath() {
            return "/sessions/" + handle;
        }

        @Override
        public void close() {
            try {
                http.delete(uri(sessionPath()));
            } catch (IOException ignored) {
                // The gateway may already be gone; its process is stopped anyway.
            }
        }
    }

    private interface Call {
        HttpJson.Response send() throws IOException;
    }

    private static JsonNode request(String statement, Call call) {
        HttpJson.Response response;
        try {
            response = call.send();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the SQL gateway for: " + statement, e);
        }
        if (!response.ok()) {
            throw new SqlStatementException(statement, response.status(), response.body());
        }
        return response.body();
    }

    /**
     * One row of the JSON row format ({@code {"kind": "INSERT", "fields": [...]}}). Only insert
     * rows are expected: the scenario's queries are bounded batch queries, whose results are no
     * changelog; anything else would be misread as rows.
     */
    private static List<Object> toRow(String statement, JsonNode row) {
        String kind = row.path("kind").asText();
        if (!"INSERT".equals(kind)) {
            throw new IllegalStateException(
                    "a " + kind + " row in the result of: " + statement
                            + " (this client reads insert-only results)");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode field : row.path("fields")) {
            values.add(toValue(field));
        }
        return Collections.unmodifiableList(values);
    }

    private static Object toValue(JsonNode field) {
        if (field.isNull()) {
            return null;
        } else if (field.isBoolean()) {
            return field.booleanValue();
        } else if (field.isIntegralNumber() && field.canConvertToLong()) {
            return field.longValue();
        } else if (field.isNumber()) {
            return field.numberValue();
        } else if (field.isTextual()) {
            return field.textValue();
        }
        // Arrays, maps and rows stay JSON.
        return field.toString();
    }
}
