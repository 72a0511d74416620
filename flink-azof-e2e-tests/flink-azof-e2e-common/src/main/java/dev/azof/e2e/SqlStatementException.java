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

import java.util.ArrayList;
import java.util.List;

/**
 * A statement the SQL gateway rejected or failed to run. The message leads with the root cause
 * (the gateway wraps it in several layers of its own exceptions), then the statement and the
 * chain of causes; {@link #serverTrace()} has everything the gateway sent.
 */
public final class SqlStatementException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int STATEMENT_CHARS_IN_MESSAGE = 600;

    private final String statement;
    private final ExceptionChain chain;
    private final String serverTrace;

    SqlStatementException(String statement, int httpStatus, JsonNode body) {
        this(statement, errorText(httpStatus, body));
    }

    private SqlStatementException(String statement, String serverTrace) {
        this(statement, ExceptionChain.parse(serverTrace), serverTrace);
    }

    private SqlStatementException(String statement, ExceptionChain chain, String serverTrace) {
        super(message(statement, chain));
        this.statement = statement;
        this.chain = chain;
        this.serverTrace = serverTrace;
    }

    /** The innermost cause the gateway reported. */
    public String rootCause() {
        return chain.rootCause();
    }

    public String statement() {
        return statement;
    }

    /** Everything the gateway sent, frames included. */
    public String serverTrace() {
        return serverTrace;
    }

    private static String message(String statement, ExceptionChain chain) {
        String shown =
                statement.length() <= STATEMENT_CHARS_IN_MESSAGE
                        ? statement
                        : statement.substring(0, STATEMENT_CHARS_IN_MESSAGE) + " [...]";
        return "SQL statement failed, " + chain.describe() + "\nstatement: " + shown;
    }

    /**
     * The gateway answers a failed operation with {@code {"errors": ["Internal server error.",
     * "<Exception on server side: ... trace ...>"]}}: the trace is the useful part; the generic
     * first entry is kept only when nothing else came.
     */
    private static String errorText(int httpStatus, JsonNode body) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            errors.add(error.asText());
        }
        if (errors.isEmpty()) {
            return "HTTP " + httpStatus + ": " + body;
        }
        if (errors.size() > 1 && errors.get(0).equals("Internal server error.")) {
            errors.remove(0);
        }
        return String.join("\n", errors);
    }
}
