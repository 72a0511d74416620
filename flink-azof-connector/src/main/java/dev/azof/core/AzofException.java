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
package dev.azof.core;

/**
 * An error a user can act on: bad input, bad metadata, a missing file. The message is one line
 * that names the problem (the file, the option, the value), so that tools can print it as is.
 */
public class AzofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AzofException(String message) {
        super(message);
    }

    public AzofException(String message, Throwable cause) {
        super(message, cause);
    }
}
