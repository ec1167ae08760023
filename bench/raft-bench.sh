#!/usr/bin/env bash
# Raft benchmark: committed 64-byte entries/s and p50/p99 commit latency with 1, 16 and 256
# closed-loop proposers on a 3-voter group in one JVM (real segmented logs on disk, Netty cluster
# bus on 127.0.0.1). Prints a Markdown table.
# Usage: bench/raft-bench.sh [DIR (default /tmp)] [SECONDS per run (default 5)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp}"
seconds="${2:-5}"
cd "$root"
mvn -B -q -Dstyle.color=never -pl raft -am install -DskipTests >/dev/null
mvn -B -q -Dstyle.color=never -pl replication,raft test-compile >/dev/null
cp_file="$(mktemp -t pacraft-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -Dstyle.color=never -pl raft org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -Dlogback.configurationFile=raft/src/test/resources/logback-test.xml \
  -cp "raft/target/test-classes:raft/target/classes:replication/target/classes:$(cat "$cp_file")" \
  io.pacraft.raft.RaftBench "$dir" "$seconds"
