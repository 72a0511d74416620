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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runs of one suite, grouped by (scenario, system), with medians for the report. */
public final class Results {

    /** The runs of one (scenario, system). */
    public record Series(String scenario, String system, List<RunResult> runs) {

        public double medianSeconds() {
            return median(runs.stream().mapToDouble(RunResult::seconds).toArray());
        }

        public double minSeconds() {
            return runs.stream().mapToDouble(RunResult::seconds).min().orElse(Double.NaN);
        }

        public double maxSeconds() {
            return runs.stream().mapToDouble(RunResult::seconds).max().orElse(Double.NaN);
        }

        public long rows() {
            return runs.get(0).rows();
        }

        public double medianRowsPerSecond() {
            return median(runs.stream().mapToDouble(RunResult::rowsPerSecond).toArray());
        }

        public long bytesRead() {
            return runs.get(runs.size() - 1).bytesRead();
        }

        public long maxPeakRssMb() {
            return runs.stream().mapToLong(RunResult::peakRssMb).max().orElse(-1);
        }
    }

    private final List<RunResult> all = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, String> requests = new LinkedHashMap<>();

    /**
     * Parses a {@link RunResult#requestsLine} and keeps its counts (the last run's, by scenario,
     * system and what was counted); returns false for any other line.
     */
    public boolean addRequests(String line) {
        if (!line.startsWith(RunResult.REQUESTS_PREFIX)) {
            return false;
        }
        String[] f = line.substring(RunResult.REQUESTS_PREFIX.length()).trim().split(" ");
        if (f.length != 4) {
            throw new IllegalArgumentException("malformed request count line: " + line);
        }
        requests.put(f[0] + " " + f[1] + " " + f[2], f[3]);
        return true;
    }

    /** Request counts by "scenario system what", as KIND=n pairs joined by '+'. */
    public Map<String, String> requests() {
        return Collections.unmodifiableMap(requests);
    }

    public void add(RunResult result) {
        all.add(result);
    }

    /** Records that a benchmark JVM failed (its scenarios have no or too few runs). */
    public void fail(String what, String why) {
        failures.put(what, why);
    }

    public List<RunResult> all() {
        return Collections.unmodifiableList(all);
    }

    public Map<String, String> failures() {
        return Collections.unmodifiableMap(failures);
    }

    public Optional<Series> series(String scenario, String system) {
        List<RunResult> runs = new ArrayList<>();
        for (RunResult r : all) {
            if (r.scenario().equals(scenario) && r.system().equals(system)) {
                runs.add(r);
            }
        }
        return runs.isEmpty() ? Optional.empty() : Optional.of(new Series(scenario, system, runs));
    }

    /** Every series of a scenario, in the order the systems first ran. */
    public List<Series> scenario(String scenario) {
        List<String> systems = new ArrayList<>();
        for (RunResult r : all) {
            if (r.scenario().equals(scenario) && !systems.contains(r.system())) {
                systems.add(r.system());
            }
        }
        List<Series> out = new ArrayList<>();
        for (String system : systems) {
            series(scenario, system).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Answers of a read scenario that differ between systems or runs: every system must return
     * the same keys with the same event times. Empty when all agree.
     */
    public List<String> answerMismatches(String scenario) {
        List<String> problems = new ArrayList<>();
        String expected = null;
        String expectedFrom = null;
        for (RunResult r : all) {
            if (!r.scenario().equals(scenario) || r.answer().isEmpty()) {
                continue;
            }
            if (expected == null) {
                expected = r.answer();
                expectedFrom = r.system();
            } else if (!expected.equals(r.answer())) {
                String problem =
                        scenario + ": " + r.system() + " answered " + r.answer() + " but "
                                + expectedFrom + " answered " + expected;
                if (!problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    /** One line per run of the systems; side measurements stay out. */
    public String csv() {
        StringBuilder sb = new StringBuilder(RunResult.CSV_HEADER).append('\n');
        for (RunResult r : all) {
            if (RunResult.CSV_SYSTEMS.contains(r.system())) {
                sb.append(r.csvLine()).append('\n');
            }
        }
        return sb.toString();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
