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

import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotJson;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The azof 0.2 file order on nested trees, as the original computes it. */
class ScanPlannerTest {

    private static final String NESTED =
            "{\"schema\":{\"columns\":[]},\"segments\":["
                    + "{\"id\":\"10\",\"start\":\"2010-01-01T00:00:00.000Z\",\"file\":\"base10.parquet\",\"segments\":["
                    + "  {\"id\":\"11\",\"start\":\"2013-01-01T00:00:00.000Z\",\"end\":\"2016-01-01T00:00:00.000Z\",\"file\":\"base11.parquet\"},"
                    + "  {\"id\":\"12\",\"start\":\"2018-01-01T00:00:00.000Z\",\"file\":\"base12.parquet\",\"segments\":["
                    + "    {\"id\":\"121\",\"start\":\"2018-03-01T00:00:00.000Z\",\"end\":\"2018-06-01T00:00:00.000Z\",\"file\":\"base121.parquet\"},"
                    + "    {\"id\":\"122\",\"start\":\"2018-07-01T00:00:00.000Z\",\"file\":\"base122.parquet\"}]}]},"
                    + "{\"id\":\"20\",\"start\":\"2025-01-01T00:00:00.000Z\",\"end\":\"2025-12-31T23:59:59.999Z\",\"file\":\"base20.parquet\","
                    + " \"delta\":[{\"file\":\"d21.parquet\",\"start\":\"2025-01-01T00:00:00.000Z\",\"end\":\"2025-01-31T23:59:59.999Z\"},"
                    + "            {\"file\":\"d22.parquet\",\"start\":\"2025-02-01T00:00:00.000Z\",\"end\":\"2025-02-11T00:00:00.000Z\"}]}]}";

    private static List<String> files(String asOf) {
        Snapshot s = SnapshotJson.parse(NESTED, 1, "s1.json");
        List<String> out = new ArrayList<>();
        for (ScanTask t : ScanPlanner.plan(s, asOf == null ? AsOf.current() : AsOf.parse(asOf))) {
            for (DataFile f : t.files()) {
                out.add(f.path());
            }
        }
        return out;
    }

    @Test
    void followsTheOriginalVisitOrder() {
        assertThat(files("2018-04-01T00:00:00Z")).containsExactly("base121.parquet", "base12.parquet", "base10.parquet");
        assertThat(files("2022-04-01T00:00:00Z")).containsExactly("base122.parquet", "base12.parquet", "base10.parquet");
        assertThat(files("2011-04-01T00:00:00Z")).containsExactly("base10.parquet");
        assertThat(files("2017-04-01T00:00:00Z")).containsExactly("base10.parquet");
        assertThat(files(null)).containsExactly("base122.parquet", "base12.parquet", "base10.parquet", "d22.parquet", "d21.parquet");
        // A top-level segment's deltas count when the segment is out of range; its base does not.
        assertThat(files("2026-03-01T00:00:00Z"))
                .containsExactly("base122.parquet", "base12.parquet", "base10.parquet", "d22.parquet", "d21.parquet");
        assertThat(files("2025-01-15T00:00:00Z"))
                .containsExactly("base122.parquet", "base12.parquet", "base10.parquet", "d21.parquet", "base20.parquet");
        assertThat(files("2009-01-01T00:00:00Z")).isEmpty();
    }
}
