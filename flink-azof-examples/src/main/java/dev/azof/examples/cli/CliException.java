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

/** A failure whose message is already a clear, one-line explanation for the user. */
public class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a user-facing message. */
    public CliException(String message) {
        super(message);
    }

    /** Creates the exception with a user-facing message and the underlying cause. */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
