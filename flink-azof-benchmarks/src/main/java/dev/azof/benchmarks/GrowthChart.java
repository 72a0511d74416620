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
package dev.azof.benchmarks;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Draws the growth curve: median as-of read time at the end of history x1, x4, x16. */
public final class GrowthChart {

    static final int[] MULTIPLIERS = {1, 4, 16};

    private GrowthChart() {}

    public static void write(Results results, String subtitle, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(560)
                        .title("As-of read at the end of history, same keys (" + subtitle + ")")
                        .xAxisTitle("history length (x1 = one year)")
                        .yAxisTitle("seconds (median, log scale)")
                        .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(8);
        Set<String> systems = new LinkedHashSet<>();
        for (int m : MULTIPLIERS) {
            for (Results.Series s : results.scenario("growth-x" + m)) {
                systems.add(s.system());
            }
        }
        for (String system : systems) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int m : MULTIPLIERS) {
                Optional<Results.Series> s = results.series("growth-x" + m, system);
                if (s.isPresent()) {
                    xs.add((double) m);
                    ys.add(s.get().medianSeconds());
                }
            }
            XYSeries series = chart.addSeries(system, xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        if (systems.isEmpty()) {
            chart.addSeries("no growth measurements", new double[] {1}, new double[] {1});
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
