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
package dev.azof.flink.sink;

import java.util.Locale;

/** Parses the sink's option enums from their lower-case names, with one error wording. */
final class OptionEnums {

    private OptionEnums() {}

    /**
     * The constant named {@code text} (any case, trimmed).
     *
     * @param what what a constant is, for the error ("a distribution mode")
     * @throws IllegalArgumentException naming the text and the allowed names
     */
    static <E extends Enum<E>> E parse(E[] values, String text, String what) {
        String name = text == null ? "" : text.trim();
        StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (values[i].name().equalsIgnoreCase(name)) {
                return values[i];
            }
            if (i > 0) {
                allowed.append(i == values.length - 1 ? " or " : ", ");
            }
            allowed.append(values[i].name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("'" + text + "' is not " + what + ": use " + allowed);
    }
}
