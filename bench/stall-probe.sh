#!/usr/bin/env bash
# Whether this machine's slow syncs are the disk's or the whole machine's pauses: fdatasync writers
# alone, beside a sleeping thread (are its wake-ups late too?), and beside a thread keeping a CPU
# busy part of the time; then sleepers and busy threads without any I/O. No project classes: java's
# single-file launcher. Prints one Markdown table. See docs/benchmarks.md.
# Usage: bench/stall-probe.sh [DIR (default /tmp)] [SECONDS per pattern (default 10)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec java -Xmx256m "$root/bench/StallProbe.java" "${1:-/tmp}" "${2:-10}"
