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

package dev.azof.core.io;

import org.apache.flink.core.fs.FSDataInputStream;

import java.io.EOFException;
import java.io.IOException;

/**
 * A file's bytes, read once into memory, as a seekable stream: the footer checksum, Parquet's
 * footer parsing, the page-checksum verification and the decoding all read from it without
 * another request to the file system.
 */
final class InMemoryFileStream extends FSDataInputStream {

    private byte[] bytes;
    private int pos;

    InMemoryFileStream(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Reads the first {@code length} bytes of {@code in}, which it closes. */
    static InMemoryFileStream readFully(FSDataInputStream in, long length) throws IOException {
        try (in) {
            byte[] bytes = new byte[Math.toIntExact(length)];
            int off = 0;
            while (off < bytes.length) {
                int n = in.read(bytes, off, bytes.length - off);
                if (n < 0) {
                    throw new EOFException(
                            "the file ends after " + off + " bytes, expected " + length);
                }
                off += n;
            }
            return new InMemoryFileStream(bytes);
        }
    }

    /**
     * Drops the bytes once everything needed was read from them (the footer, and the row groups,
     * which Parquet copies): an open reader then holds its decoded-to-be pages only, as
     * Flink's own reader would.
     */
    void release() {
        bytes = new byte[0];
        pos = 0;
    }

    @Override
    public void seek(long desired) throws IOException {
        if (desired < 0 || desired > bytes.length) {
            throw new EOFException(
                    "cannot seek to " + desired + " in a file of " + bytes.length + " bytes");
        }
        pos = (int) desired;
    }

    @Override
    public long getPos() {
        return pos;
    }

    @Override
    public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= bytes.length) {
            return -1;
        }
        int n = Math.min(len, bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, bytes.length - pos));
        pos += (int) skipped;
        return skipped;
    }

    @Override
    public int available() {
        return bytes.length - pos;
    }
}
