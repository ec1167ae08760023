#!/usr/bin/env bash
# The disk under the log store: latency of making a small write durable, in the patterns a
# replicated log could use (three writers with fdatasync or O_DSYNC; sixteen appenders with group
# commit, one sync at a time or two overlapping). No project classes: java's single-file launcher.
# Two rounds of each pattern; prints one Markdown table (with how many slow syncs the three writers
# shared: whether the device stalls as a whole). See docs/benchmarks.md.
# Usage: bench/fsync-probe.sh [DIR (default /tmp)] [SECONDS per pattern (default 5)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec java -Xmx512m "$root/bench/FsyncProbe.java" "${1:-/tmp}" "${2:-5}"
