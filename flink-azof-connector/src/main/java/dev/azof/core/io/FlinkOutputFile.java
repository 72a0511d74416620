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

import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * A Parquet {@link OutputFile} over an open Flink stream, buffered: Parquet writes footers and
 * page indexes field by field through Thrift, a few bytes per call, and a local file stream
 * would make a system call of each. Closing Parquet's side only flushes: the owner of the stream
 * closes it (after reading the final position as the file size).
 */
final class FlinkOutputFile implements OutputFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final FSDataOutputStream out;

    /** CRC-32C of every byte written: recorded in the snapshot, checked by deep validation. */
    private final CRC32C crc = new CRC32C();

    private Buffer buffer;

    FlinkOutputFile(FSDataOutputStream out) {
        this.out = out;
    }

    /**
     * Holds every byte written from now on (the page indexes and the footer, a few KB) in memory
     * until {@link #writeTail()}, which fills in the footer checksum ({@link FooterChecksum}).
     */
    void holdTail() {
        buffer.tail = new ByteArrayOutputStream();
    }

    /** Fills in the footer checksum of the held bytes and writes them. */
    void writeTail() throws IOException {
        byte[] tail = buffer.tail.toByteArray();
        buffer.tail = null;
        FooterChecksum.fill(tail);
        buffer.write(tail, 0, tail.length);
        buffer.flush();
    }

    /** The CRC-32C of the bytes written so far. */
    long checksum() {
        return crc.getValue();
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        Buffer buffer = new Buffer(out, crc);
        this.buffer = buffer;
        return new DelegatingPositionOutputStream(buffer) {
            @Override
            public long getPos() throws IOException {
                return buffer.position();
            }

            @Override
            public void close() throws IOException {
                buffer.flush();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    /** A buffer over the stream that knows the position its next byte will have. */
    private static final class Buffer extends BufferedOutputStream {
        private final FSDataOutputStream stream;
        private final CRC32C crc;

        /** Bytes held back, not yet written nor counted in the CRC, or null. */
        ByteArrayOutputStream tail;

        Buffer(FSDataOutputStream stream, CRC32C crc) {
            super(stream, BUFFER_BYTES);
            this.stream = stream;
            this.crc = crc;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (tail != null) {
                tail.write(b);
                return;
            }
            crc.update(b);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (tail != null) {
                tail.write(b, off, len);
                return;
            }
            crc.update(b, off, len);
            super.write(b, off, len);
        }

        long position() throws IOException {
            return stream.getPos() + count + (tail == null ? 0 : tail.size());
        }
    }
}
