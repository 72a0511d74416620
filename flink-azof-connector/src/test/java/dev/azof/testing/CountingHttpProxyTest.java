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
package dev.azof.testing;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The request counter used to state what an as-of read costs on an object store. */
class CountingHttpProxyTest {

    @Test
    void countsRequestsByKindAndPassesBodiesThrough() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    byte[] answer =
                            (exchange.getRequestMethod() + " " + body.length)
                                    .getBytes(StandardCharsets.UTF_8);
                    if (exchange.getRequestMethod().equals("HEAD")) {
                        exchange.sendResponseHeaders(200, -1);
                    } else {
                        exchange.sendResponseHeaders(200, answer.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(answer);
                        }
                    }
                    exchange.close();
                });
        server.start();
        try (CountingHttpProxy proxy = new CountingHttpProxy("127.0.0.1", server.getAddress().getPort())) {
            HttpClient client = HttpClient.newHttpClient(); // keeps one connection alive
            String base = proxy.endpoint();
            byte[] big = new byte[300_000];
            new Random(7).nextBytes(big);
            // A body that holds a request line must not be counted as one.
            byte[] tricky = "\r\n\r\nGET /x HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/bucket/a")).PUT(
                    HttpRequest.BodyPublishers.ofByteArray(big)))).isEqualTo("PUT 300000");
            // No length known up front: sent chunked.
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/bucket/b")).PUT(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tricky)))))
                    .isEqualTo("PUT " + tricky.length);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/bucket/a")).GET()))
                    .isEqualTo("GET 0");
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/bucket?list-type=2&prefix=t/")).GET()))
                    .isEqualTo("GET 0");
            send(client, HttpRequest.newBuilder(URI.create(base + "/bucket/a")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            send(client, HttpRequest.newBuilder(URI.create(base + "/bucket/a")).DELETE());

            assertThat(proxy.counts())
                    .containsEntry("PUT", 2L)
                    .containsEntry("GET", 1L)
                    .containsEntry("LIST", 1L)
                    .containsEntry("HEAD", 1L)
                    .containsEntry("DELETE", 1L)
                    .hasSize(5);
            assertThat(proxy.total()).isEqualTo(6);
            proxy.reset();
            assertThat(proxy.total()).isZero();
        } finally {
            server.stop(0);
        }
    }

    private static String send(HttpClient client, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response =
                client.send(request.version(HttpClient.Version.HTTP_1_1).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
