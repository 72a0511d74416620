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
package dev.azof.core.fs;

import org.apache.flink.util.ExceptionUtils;

import java.io.IOException;

/**
 * A metadata write failed and azof could not tell whether it happened: the store reported an
 * error and reading the file back failed too. The file may exist: whoever wrote files for it must
 * not delete them (a published snapshot may reference them); the next commit or a read of the
 * table tells.
 */
public final class CommitOutcomeUnknownException extends IOException {

    private static final long serialVersionUID = 1L;

    CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or one of its causes is an unknown commit outcome. */
    public static boolean isCause(Throwable failure) {
        return ExceptionUtils.findThrowable(failure, CommitOutcomeUnknownException.class)
                .isPresent();
    }
}
