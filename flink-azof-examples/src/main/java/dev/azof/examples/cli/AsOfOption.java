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

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The {@code --as-of} option: the event time to read the table at; absent means current. */
final class AsOfOption {

    @Option(
            names = "--as-of",
            paramLabel = "TIMESTAMP",
            converter = Converter.class,
            description = {
                "Read the table as of this event time, in UTC: 2024-02-17T00:00:00Z,"
                        + " 2024-02-17T00:00:00 or '2024-02-17 00:00:00'. The bound is inclusive."
                        + " Default: the current version."
            })
    AsOf value;

    /** The parsed option: the current version when not given. */
    AsOf asOf() {
        return value == null ? AsOf.current() : value;
    }

    /** Describes the read for people: "current version" or "as of 2024-...Z". */
    String describe(AsOf asOf) {
        return asOf.isCurrent() ? "(current version)" : "as of " + asOf.instant();
    }

    /** Parses a value; a malformed one is a usage error (exit 2) naming the value. */
    static final class Converter implements ITypeConverter<AsOf> {
        @Override
        public AsOf convert(String text) {
            try {
                return AsOf.parse(text);
            } catch (RuntimeException e) { // AzofException, or anything else a bad value causes
                String reason = e.getMessage() == null ? "not a timestamp" : e.getMessage();
                throw new TypeConversionException(
                        reason.contains(text) ? reason : "'" + text + "': " + reason);
            }
        }
    }
}
