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

package dev.azof.examples.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ScanCommand}'s row order. */
class ScanCommandTest {

    @Test
    void ordersStringsByTheirUtf8BytesAsTheFilesDo() {
        // U+FFFD (EF BF BD in UTF-8) comes before U+1F600 (F0 9F 98 80); UTF-16 says otherwise.
        List<Object> keys = new ArrayList<>(Arrays.asList("a", "9\uD83D\uDE00", null, "9\uFFFD", "9"));
        keys.sort(ScanCommand::compare);
        assertThat(keys).containsExactly(null, "9", "9\uFFFD", "9\uD83D\uDE00", "a");
        assertThat("9\uD83D\uDE00".compareTo("9\uFFFD")).as("UTF-16 order").isNegative();
    }

    @Test
    void ordersBytesUnsigned() {
        List<Object> keys =
                new ArrayList<>(Arrays.asList(new byte[] {(byte) 0x80}, new byte[] {0x7f}, new byte[] {}));
        keys.sort(ScanCommand::compare);
        assertThat(keys)
                .containsExactly(new byte[] {}, new byte[] {0x7f}, new byte[] {(byte) 0x80});
    }

    @Test
    void ordersOtherValuesNaturally() {
        List<Object> keys = new ArrayList<>(Arrays.asList(10L, -3L, 2L));
        keys.sort(ScanCommand::compare);
        assertThat(keys).containsExactly(-3L, 2L, 10L);
    }
}
