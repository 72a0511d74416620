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
package dev.azof.core.plan;

import dev.azof.core.AzofException;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsOfTest {

    @Test
    void acceptsInstantsAndLocalTimesAsUtc() {
        Instant t = Instant.parse("2019-01-17T00:00:00Z");
        assertThat(AsOf.parse("2019-01-17T00:00:00Z").instant()).isEqualTo(t);
        assertThat(AsOf.parse("2019-01-17T00:00:00").instant()).isEqualTo(t);
        assertThat(AsOf.parse("2019-01-17 00:00:00").instant()).isEqualTo(t);
        assertThat(AsOf.parse(" 2019-01-17 00:00:00.000 ").instant()).isEqualTo(t);
        assertThat(AsOf.parse("2019-01-17").instant()).isEqualTo(t);
        assertThat(AsOf.parse("2019-01-17T02:00:00+02:00").instant()).isEqualTo(t);
        assertThat(AsOf.parse("2019-01-17T00:00:00.123456Z").micros())
                .isEqualTo(EventTimes.micros(t) + 123456);
    }

    @Test
    void rejectsMalformedTextNamingIt() {
        for (String bad : new String[] {"nonsense", "2019-13-01T00:00:00Z", "17/01/2019", "", "2019-01-17T25:00"}) {
            assertThatThrownBy(() -> AsOf.parse(bad))
                    .isInstanceOf(AzofException.class)
                    .hasMessageContaining(bad.isEmpty() ? "empty" : "'" + bad + "'")
                    .hasMessageContaining("ISO-8601");
        }
    }

    @Test
    void currentIsUnbounded() {
        assertThat(AsOf.current().isCurrent()).isTrue();
        assertThat(AsOf.current().micros()).isEqualTo(Long.MAX_VALUE);
    }
}
