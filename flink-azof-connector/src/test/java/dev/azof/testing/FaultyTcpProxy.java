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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that can break chosen exchanges, so a client
 * sees a failure whose outcome it cannot know: {@link #dropRequests(int)} closes the next
 * connections before a request reaches the server (nothing happened), {@link #dropResponses(int)}
 * forwards a request and closes the connection when the answer starts (it happened, the client
 * does not know). Everything else passes through.
 */
public final class FaultyTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
    private final AtomicInteger requestsToDrop = new AtomicInteger();
    private final AtomicInteger responsesToDrop = new AtomicInteger();

    public FaultyTcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next {@code n} connections are closed before their request reaches the server. */
    public void dropRequests(int n) {
        requestsToDrop.set(n);
    }

    /** The next {@code n} answers are cut: the server did the work, the client sees a failure. */
    public void dropResponses(int n) {
        responsesToDrop.set(n);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket upstream = new Socket(upstreamHost, upstreamPort)) {
            InputStream fromClient = client.getInputStream();
            int first = fromClient.read();
            if (first < 0) {
                return;
            }
            if (takeOne(requestsToDrop)) {
                return; // closes both: the request never reached the server
            }
            OutputStream toUpstream = upstream.getOutputStream();
            toUpstream.write(first);
            threads.execute(() -> pump(fromClient, toUpstream, upstream));
            InputStream fromUpstream = upstream.getInputStream();
            OutputStream toClient = client.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = fromUpstream.read(buffer)) >= 0) {
                // An interim "100 Continue" is not the answer: the request body follows it.
                if (!isInterim(buffer, n) && takeOne(responsesToDrop)) {
                    return; // the server answered; the client never hears it
                }
                toClient.write(buffer, 0, n);
                toClient.flush();
            }
        } catch (IOException ignored) {
            // A connection closed by either side ends its exchange.
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket onEnd) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // closed
        } finally {
            try {
                onEnd.shutdownOutput();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private static boolean isInterim(byte[] buffer, int n) {
        String start = new String(buffer, 0, Math.min(n, 13), StandardCharsets.US_ASCII);
        return start.startsWith("HTTP/1.1 100 ");
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(c -> Math.max(0, c - 1)) > 0;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "faulty-tcp-proxy");
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
