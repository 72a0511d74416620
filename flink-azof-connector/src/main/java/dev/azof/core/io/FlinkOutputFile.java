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
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;

/**
 * A Parquet {@link OutputFile} over an open Flink stream, buffered: Parquet writes footers and
 * page indexes field by field through Thrift, a few bytes per call, and a local file stream
 * would make a system call of each. Closing Parquet's side only flushes: the owner of the stream
 * closes it (after reading the final position as the file size).
 */
final class FlinkOutputFile implements OutputFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final FSDataOutputStream out;

    FlinkOutputFile(FSDataOutputStream out) {
        this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            private final byte[] buffer = new byte[BUFFER_BYTES];
            private int buffered;

            @Override
            public long getPos() throws IOException {
                return out.getPos() + buffered;
            }

            @Override
            public void write(int b) throws IOException {
                if (buffered == buffer.length) {
                    drain();
                }
                buffer[buffered++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len >= buffer.length) {
                    drain();
                    out.write(b, off, len);
                    return;
                }
                if (len > buffer.length - buffered) {
                    drain();
                }
                System.arraycopy(b, off, buffer, buffered, len);
                buffered += len;
            }

            private void drain() throws IOException {
                if (buffered > 0) {
                    out.write(buffer, 0, buffered);
                    buffered = 0;
                }
            }

            @Override
            public void flush() throws IOException {
                drain();
                out.flush();
            }

            @Override
            public void close() throws IOException {
                flush();
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
}
