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

import dev.azof.core.plan.DataFileRef;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.table.AzofTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code azof plan}: prints the data files a read opens, in the order it opens them, then a summary
 * line {@code files=N bytes=B rows=R}.
 */
@Command(
        name = "plan",
        header = "Print the data files a read of a table opens.",
        mixinStandardHelpOptions = true,
        description = {
            "Print the data files (relative to the table directory) that a read of the table"
                    + " opens, in order, then a line files=N bytes=B rows=R."
        })
public final class PlanCommand implements Callable<Integer> {

    @ParentCommand private AzofCli cli;

    @Mixin private TableLocation location;

    @Mixin private AsOfOption asOfOption;

    @Override
    public Integer call() {
        ScanPlan plan = AzofTable.open(location.tableDir()).plan(asOfOption.asOf());
        PrintStream out = cli.out();
        for (DataFileRef file : plan.files()) {
            out.println(file.path());
        }
        out.println(
                "files="
                        + plan.files().size()
                        + " bytes="
                        + plan.totalBytes()
                        + " rows="
                        + plan.totalRows());
        return 0;
    }
}
