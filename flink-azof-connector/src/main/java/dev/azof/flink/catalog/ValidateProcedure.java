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
package dev.azof.flink.catalog;
import dev.azof.core.validate.TableValidator;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.procedure.ProcedureContext;
import org.apache.flink.table.procedures.Procedure;

import java.util.List;

/**
 * {@code CALL azof.system.validate('t')} and {@code CALL azof.system.validate('t', true)} (deep):
 * checks an Azof table of the catalog like {@code azof validate [--deep]} and returns one row per
 * problem, or the single row {@code OK}. Runs on the client; no Flink job is started.
 */
@PublicEvolving
public final class ValidateProcedure implements Procedure {

    public static final String NAME = "validate";

    private final AzofCatalog catalog;

    ValidateProcedure(AzofCatalog catalog) {
        this.catalog = catalog;
    }

    public String[] call(ProcedureContext context, String table) {
        return call(context, table, false);
    }

    public String[] call(ProcedureContext context, String table, Boolean deep) {
        Path dir = catalog.procedureTable(table);
        List<String> problems = TableValidator.validate(dir, Boolean.TRUE.equals(deep));
        return problems.isEmpty() ? new String[] {"OK"} : problems.toArray(new String[0]);
    }
}
