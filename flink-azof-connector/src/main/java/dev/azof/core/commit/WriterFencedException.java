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
package dev.azof.core.commit;

/**
 * Another writer took the table over after this writer started: this writer must never commit
 * again, whatever is retried or restored (docs/spec.md, section 7.1). Unlike a lost race on a
 * snapshot name, this is permanent.
 */
public final class WriterFencedException extends ConcurrentCommitException {
    private static final long serialVersionUID = 1L;

    public WriterFencedException(String message) {
        super(message);
    }
}
