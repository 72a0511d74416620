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

package dev.azof.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.UUID;

/** The planner builds a source several times per query: its warning is let through once. */
class WarnOnceTest {

    @Test
    void theSameWarningPassesOnce() {
        String a = "reading table x as of " + UUID.randomUUID();
        String b = "reading table y as of " + UUID.randomUUID();
        assertThat(WarnOnce.first(a)).isTrue();
        assertThat(WarnOnce.first(a)).isFalse();
        assertThat(WarnOnce.first(a)).isFalse();
        assertThat(WarnOnce.first(b)).isTrue();
    }
}
