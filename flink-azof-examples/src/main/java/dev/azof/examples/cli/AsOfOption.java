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

import dev.azof.core.plan.AsOf;

import picocli.CommandLine.Option;

/** The {@code --as-of} option: the event time to read the table at; absent means current. */
final class AsOfOption {

    @Option(
            names = "--as-of",
            paramLabel = "TIMESTAMP",
            description = {
                "Read the table as of this event time, in UTC: 2024-02-17T00:00:00Z,"
                        + " 2024-02-17T00:00:00 or '2024-02-17 00:00:00'. The bound is inclusive."
                        + " Default: the current version."
            })
    String text;

    /** Parses the option; a malformed value is a run-time failure naming the value. */
    AsOf asOf() {
        if (text == null) {
            return AsOf.current();
        }
        try {
            return AsOf.parse(text);
        } catch (RuntimeException e) { // AzofException, or anything else a bad value causes
            String reason = e.getMessage() == null ? "not a timestamp" : e.getMessage();
            throw new CliException(
                    reason.contains(text)
                            ? "invalid --as-of: " + reason
                            : "invalid --as-of value '" + text + "': " + reason,
                    e);
        }
    }

    /** Describes the read for people: "current version" or "as of 2024-...Z". */
    String describe(AsOf asOf) {
        return asOf.isCurrent() ? "(current version)" : "as of " + asOf.instant();
    }
}
