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

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.time.Duration;

/**
 * The restart strategy of the CLI's jobs. Flink restarts a checkpointing job forever by default,
 * so a failure that recurs (a full disk, a malformed input line) would keep {@code azof sql} or
 * {@code azof demo} running with no end; the CLI instead tries a few times, then fails with the
 * cause. {@code SET 'restart-strategy.type' = ...} (and its options) overrides it in SQL.
 */
public final class RestartDefaults {

    /** Restarts after the first failure before the job fails for good. */
    public static final int ATTEMPTS = 3;

    /** Pause between attempts. */
    public static final Duration DELAY = Duration.ofSeconds(1);

    private RestartDefaults() {}

    /** Sets the bounded restart strategy on {@code conf}. */
    public static Configuration apply(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, DELAY);
        return conf;
    }
}
