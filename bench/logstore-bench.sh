#!/usr/bin/env bash
# Log-store benchmark: appends/s and p50/p99 durable latency for 64-byte entries with 1, 16 and
# 256 closed-loop appenders on a real disk, plus raw fsync latency. Prints a Markdown table.
# Usage: bench/logstore-bench.sh [DIR (default /tmp)] [SECONDS per run (default 3)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp}"
seconds="${2:-3}"
cd "$root"
mvn -B -q -Dstyle.color=never -pl replication -am install -DskipTests >/dev/null
mvn -B -q -Dstyle.color=never -pl replication test-compile >/dev/null
cp_file="$(mktemp -t pacraft-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -Dstyle.color=never -pl replication org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -cp "replication/target/test-classes:replication/target/classes:$(cat "$cp_file")" \
  io.pacraft.replication.log.LogStoreBench "$dir" "$seconds"
