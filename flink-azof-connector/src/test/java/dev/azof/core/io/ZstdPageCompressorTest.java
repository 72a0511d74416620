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
import org.apache.parquet.bytes.BytesInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ZstdPageCompressorTest {

    private static byte[] page(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(16); // compressible, not constant
        }
        return bytes;
    }

    private static byte[] roundTrip(ZstdPageCompressor compressor, BytesInput page, int length)
            throws Exception {
        byte[] compressed = compressor.compress(page).toByteArray();
        assertThat(compressed.length).isLessThan(length);
        return Zstd.decompress(compressed, length);
    }

    @Test
    void compressesArraySlicesConcatenationsAndBuffersToOrdinaryZstdFrames() throws Exception {
        Random random = new Random(42);
        ZstdPageCompressor compressor = new ZstdPageCompressor(1);
        try {
            // A slice in the middle of a larger array: only the slice is compressed.
            byte[] array = page(random, 50_000);
            assertThat(roundTrip(compressor, BytesInput.from(array, 1_000, 30_000), 30_000))
                    .isEqualTo(Arrays.copyOfRange(array, 1_000, 31_000));

            // Definition levels and values, as optional columns' pages come.
            byte[] levels = page(random, 300);
            byte[] values = page(random, 20_000);
            byte[] both = new byte[levels.length + values.length];
            System.arraycopy(levels, 0, both, 0, levels.length);
            System.arraycopy(values, 0, both, levels.length, values.length);
            assertThat(roundTrip(compressor, BytesInput.concat(BytesInput.from(levels), BytesInput.from(values)), both.length))
                    .isEqualTo(both);

            // A direct buffer has no array: it is copied, not misread.
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(values.length);
            direct.put(values).flip();
            assertThat(roundTrip(compressor, BytesInput.from(direct), values.length)).isEqualTo(values);

            // The context and output array are reused: a smaller page after larger ones.
            byte[] small = page(random, 2_000);
            assertThat(roundTrip(compressor, BytesInput.from(small), small.length)).isEqualTo(small);
        } finally {
            compressor.release();
        }
    }
}
