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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of an HTTP server (the S3 server of the tests) that counts the requests
 * passing through it by kind: {@code LIST} (a GET on a bucket with a listing query), {@code HEAD},
 * {@code GET}, {@code PUT}, {@code POST}, {@code DELETE}. Bytes pass unchanged, so signed
 * requests (AWS SigV4 signs the Host header the client sent) still verify.
 */
public final class CountingHttpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    public CountingHttpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "counting-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of {@code endpoint} (http://host:port). */
    public static CountingHttpProxy inFrontOf(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        return new CountingHttpProxy(uri.getHost(), uri.getPort());
    }

    /** The endpoint clients use instead of the server's. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests by kind since the start or the last {@link #reset()}. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((kind, n) -> snapshot.put(kind, n.get()));
        return snapshot;
    }

    public long count(String kind) {
        AtomicLong n = counts.get(kind);
        return n == null ? 0 : n.get();
    }

    public long total() {
        return counts().values().stream().mapToLong(Long::longValue).sum();
    }

    public void reset() {
        counts.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                start(() -> forwardRequests(client, upstream), client, upstream);
                start(() -> copy(upstream.getInputStream(), client.getOutputStream()), client, upstream);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void start(Pump pump, Socket a, Socket b) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                pump.run();
                            } catch (IOException ignored) {
                                // the other side closed
                            } finally {
                                closeQuietly(a);
                                closeQuietly(b);
                            }
                        },
                        "counting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Copies requests one by one, reading their framing so that only request lines are counted. */
    private void forwardRequests(Socket client, Socket upstream) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
        while (true) {
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            out.write(head);
            out.flush();
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            record(lines[0]);
            long contentLength = 0;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].toLowerCase(Locale.ROOT);
                if (line.startsWith("content-length:")) {
                    contentLength = Long.parseLong(line.substring(15).trim());
                } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                copyChunked(in, out);
            } else {
                copyExactly(in, out, contentLength);
            }
            out.flush();
        }
    }

    private void record(String requestLine) {
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String kind = method;
        if (method.equals("GET") && parts.length > 1) {
            URI uri = URI.create(parts[1]);
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            if (query.contains("list-type") || query.contains("prefix=") || query.contains("delimiter=")
                    || query.contains("marker=")) {
                kind = "LIST";
            }
        }
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0D0A0D0A) { // CR LF CR LF
                return head.toByteArray();
            }
        }
        return null;
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, out);
            long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                // Trailers, then the blank line that ends the body.
                while (!readLine(in, out).isEmpty()) {
                    // copied
                }
                return;
            }
            copyExactly(in, out, size);
            readLine(in, out); // the CRLF after the chunk
        }
    }

    /** Reads and copies one CRLF-terminated line; returns it without the CRLF. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0) {
            throw new IOException("connection closed inside a chunked body");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (n > 0) {
            int read = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (read < 0) {
                throw new IOException("connection closed inside a request body");
            }
            out.write(buf, 0, read);
            n -= read;
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
