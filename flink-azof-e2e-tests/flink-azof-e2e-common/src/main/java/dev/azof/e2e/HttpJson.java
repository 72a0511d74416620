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
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP for the two REST APIs the harness talks to (the JobManager's and the SQL
 * gateway's), with the JDK's {@link HttpClient}: the test JVM must not need Flink's own REST
 * client, whose classes belong to the cluster's classpath, not the test's.
 */
public final class HttpJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    /** A response: the HTTP status and the parsed body (a missing node when the body is empty). */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** GET; a connection failure is an {@link IOException} (a server that is not up yet). */
    public Response get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** POST with a JSON body. */
    public Response post(URI uri, Object body) throws IOException {
        return send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /** DELETE. */
    public Response delete(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).DELETE());
    }

    /** GET that must succeed: a non-2xx status fails with the body, which says why. */
    public JsonNode getOk(URI uri) {
        return requireOk(uri, uncheckedIo(() -> get(uri)));
    }

    /** POST that must succeed: a non-2xx status fails with the body, which says why. */
    public JsonNode postOk(URI uri, Object body) {
        return requireOk(uri, uncheckedIo(() -> post(uri, body)));
    }

    private static JsonNode requireOk(URI uri, Response response) {
        if (!response.ok()) {
            throw new IllegalStateException(
                    "HTTP " + response.status() + " from " + uri + ": " + response.body());
        }
        return response.body();
    }

    private Response send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response =
                    client.send(
                            request.timeout(REQUEST_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body =
                    text == null || text.isBlank()
                            ? MAPPER.missingNode()
                            : MAPPER.readTree(text);
            return new Response(response.statusCode(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String toJson(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T uncheckedIo(IoSupplier<T> call) {
        try {
            return call.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
