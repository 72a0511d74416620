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

/**
 * How many random rounds the property tests run. The connector's own build runs them all; the
 * builds that rerun the same tests on another Flink version (flink-azof-e2e-tests/flink-2.x) set
 * {@code azof.test.scale} below 1: they check that the code runs on that Flink, which fewer
 * random histories show as well, and the whole build must stay within CI's time limit.
 */
public final class TestScale {

    private TestScale() {}

    /** {@code full} scaled by {@code azof.test.scale} (default 1), at least 1. */
    public static int rounds(int full) {
        double scale = Double.parseDouble(System.getProperty("azof.test.scale", "1"));
        return Math.max(1, (int) Math.round(full * scale));
    }
}
