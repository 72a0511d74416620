#!/usr/bin/env bash
#
# Copyright 2026 The flink-azof Authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# Runs the benchmark suite (docs/benchmarks.md): builds what it needs, then measures azof against
# Flink's FileSink, Paimon, Iceberg and DuckDB, each in its own JVM.
#
#   flink-azof-benchmarks/run.sh [--size small|default|large] [--only asof-join|stream]
#
# --only asof-join runs only the point-in-time join scenarios (asof-join-x1, asof-join-x16) of
# azof, DuckDB and Flink SQL; --only stream only the streaming reads (stream-catchup,
# stream-latency) of azof and Paimon. --only never updates docs/benchmarks.md.
# Writes flink-azof-benchmarks/target/results.csv, target/benchmarks.md and
# target/benchmarks-growth.png; a default or large run also updates docs/benchmarks.md.
# Exit status: 0 when every run finished and all systems' as-of answers agree, 1 otherwise,
# 2 on bad arguments. Environment: JAVA_HOME (optional).
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

size="default"
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="${2:-}"; shift 2 || { echo "run.sh: --size needs a value" >&2; exit 2; } ;;
    --size=*) size="${1#--size=}"; shift ;;
    --only) only=(--only "${2:-}"); shift 2 || { echo "run.sh: --only needs a value" >&2; exit 2; } ;;
    -h|--help) sed -n '17,28p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (usage: run.sh [--size small|default|large])" >&2; exit 2 ;;
  esac
done
case "$size" in
  small|default|large) ;;
  *) echo "run.sh: unknown size '$size' (expected small, default or large)" >&2; exit 2 ;;
esac

if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java="java"; fi

echo "run.sh: building the connector and the benchmarks (tests skipped) ..."
(cd "$root" && mvn -q -B -DskipTests -Ppeers -pl flink-azof-benchmarks -am package)

publish=()
if [ "$size" != "small" ] && [ ${#only[@]} -eq 0 ]; then
  publish=(--publish "$root/docs")
fi

cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
exec "$java" -Xmx1g -Djava.awt.headless=true \
  "-Dazof.s3proxy.jar=$here/target/test-servers/s3proxy.jar" \
  -cp "$cp" dev.azof.benchmarks.BenchmarkSuite \
  --size "$size" --module-dir "$here" "${publish[@]}" "${only[@]}"
