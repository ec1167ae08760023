#!/usr/bin/env bash
# Raft benchmark: committed 64-byte entries/s and p50/p99 commit latency with 1, 16 and 256
# closed-loop proposers on a 3-voter group in one JVM (real segmented logs on disk, Netty cluster
# bus on 127.0.0.1). Prints a Markdown table. The same bench as bench/replication-bench.sh (which
# runs PacificA beside Raft), for Raft alone.
# Usage: bench/raft-bench.sh [DIR (default /tmp)] [SECONDS per run (default 5)] [ROUNDS (default 3)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/bench/replication-bench.sh" "${1:-/tmp}" "${2:-5}" raft "${3:-3}"
