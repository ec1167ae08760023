#!/usr/bin/env bash
# Raft beside PacificA in one run: committed 64-byte entries/s and p50/p99 commit latency with 1, 16
# and 256 closed-loop proposers on a 3-replica group in one JVM (real segmented logs on disk, Netty
# cluster bus on 127.0.0.1). Rounds alternate the protocols (a fresh group each time) and the table
# gives the median of the rounds, so one slow spell of a shared machine does not decide the
# comparison; per-round lines go to stderr. The heap is fixed (-Xms = -Xmx) so the collector does
# not resize it mid-run, and each row says how many collector pauses fell inside its runs.
# FSYNC=off runs the same with the logs' syncs turned into no-ops (not durable): the protocols'
# own cost apart from the disk's, for diagnosis only. PREALLOCATE=off lets the log segments grow as
# they are written instead of zero-filling them ahead (docs/log-store.md#preallocated-segments).
# PROPOSERS=16 (or any comma-separated list) runs only those concurrencies. The "commits > 5 ms"
# column is the share of commits slower than 5 ms (median of the rounds): under 1 % means p99 ≤ 5 ms.
# "bus messages per entry": messages the three nodes' buses wrote per committed entry (median).
# CACHE_MIB=N: each log keeps its last N MiB of entries as objects (default 32, the store's default).
# A protocol may carry group settings: pacifica:primary-sync=before-commit (the primary's own fsync
# before every commit, as before it was deferred; docs/pacifica.md#the-protocol-as-built).
# Usage: [FSYNC=off] [PREALLOCATE=off] [CACHE_MIB=32] [PROPOSERS=1,16,256] bench/replication-bench.sh [DIR (default /tmp)] [SECONDS per run (default 5)] [PROTOCOLS (default raft,pacifica)] [ROUNDS (default 3)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/tmp}"
seconds="${2:-5}"
protocols="${3:-raft,pacifica}"
rounds="${4:-3}"
cd "$root"
cp_file="$(mktemp -t pacraft-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
# builds replication, raft and pacifica in the reactor (nothing installed); the class path of
# pacifica's tests names the sibling modules' target/classes
mvn -B -q -Dstyle.color=never -pl pacifica -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
exec java -Dbench.proposers="${PROPOSERS:-1,16,256}" -Dbench.fsync="${FSYNC:-on}" -Dbench.preallocate="${PREALLOCATE:-on}" -Dbench.cache-mib="${CACHE_MIB:-32}" -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dlogback.configurationFile=pacifica/src/test/resources/logback-test.xml \
  -cp "pacifica/target/test-classes:pacifica/target/classes:$(cat "$cp_file")" \
  io.pacraft.pacifica.ReplicationBench "$dir" "$seconds" "$protocols" "$rounds"
