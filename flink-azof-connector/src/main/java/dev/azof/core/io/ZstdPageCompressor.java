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

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Compresses Parquet pages with ZSTD through one reused native context. Parquet's own ZSTD codec
 * opens a new compression stream (a native context of a megabyte or more) for every page, which
 * costs more than compressing a small page; the frames written here are ordinary ZSTD frames,
 * which any Parquet reader decompresses. Not thread-safe; {@link #release()} frees the context.
 */
final class ZstdPageCompressor implements CompressionCodecFactory.BytesInputCompressor {

    private final ZstdCompressCtx context;
    private byte[] output = new byte[0];

    ZstdPageCompressor(int level) {
        this.context = new ZstdCompressCtx().setLevel(level);
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
        // A page of one array (the plain encoder's) is read in place; others are copied once.
        ByteBuffer page = bytes.toByteBuffer();
        if (!page.hasArray()) {
            page = ByteBuffer.wrap(bytes.toByteArray());
        }
        int length = page.remaining();
        int bound = (int) Zstd.compressBound(length);
        if (output.length < bound) {
            output = new byte[bound];
        }
        int size =
                context.compressByteArray(
                        output, 0, output.length, page.array(), page.arrayOffset() + page.position(), length);
        // The caller copies the result before the next call, so the array is reused.
        return BytesInput.from(output, 0, size);
    }

    @Override
    public CompressionCodecName getCodecName() {
        return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {
        context.close();
    }
}
