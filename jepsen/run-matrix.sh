#!/usr/bin/env bash
# The Jepsen matrix: protocol x nemesis x workload, one `pacraft jepsen` run each, then a summary
# table (runs, ops, faults, verdicts) printed and written into docs/verification.md between the
# jepsen-matrix markers. Opt-in: a full matrix takes (protocols x nemeses x workloads) x (time + ~30 s).
#
# Usage: jepsen/run-matrix.sh [options]
#   --protocols "raft pacifica"                     (default: raft)
#   --nemeses "none kill pause partition clock membership all"   (default: all of these)
#   --workloads "register id lock list-append"     (default: all four)
#   --time-limit S    seconds per run (default 60)
#   --seed S          seed of every run (default 1)
#   --out DIR         where runs are written (default jepsen/target/matrix)
#   --no-docs         print the table only, leave docs/verification.md alone
# Exit status: 0 when every run is valid, 1 when any found anomalies, 2 when any ended unknown.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
protocols="raft"
nemeses="none kill pause partition clock membership all"
workloads="register id lock list-append"
time_limit=60
seed=1
out="$root/jepsen/target/matrix"
docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --protocols) protocols="$2"; shift 2 ;;
    --nemeses) nemeses="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    --time-limit) time_limit="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-docs) docs=0; shift ;;
    *) echo "run-matrix.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"
jar="$root/cluster-tools/target/pacraft.jar"
if [ ! -f "$jar" ] || [ -n "$(find . -path ./jepsen/target -prune -o -name '*.java' -newer "$jar" -print -quit)" ]; then
  mvn -B -q -Dstyle.color=never -pl cluster-tools -am package -DskipTests >/dev/null || { echo "build failed" >&2; exit 2; }
fi
mkdir -p "$out"
field() { grep -o ":$1 [^,}]*" "$2" | head -1 | sed "s/^:$1 //"; }
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
{
  echo "| protocol | workload | nemesis | seconds | ops ok / fail / info | faults | verdict | why |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$table"
status=0
for p in $protocols; do
  for n in $nemeses; do
    for w in $workloads; do
      log="$out/$p-$w-$n.log"
      java -Xmx1g -jar "$jar" jepsen --protocol "$p" --workload "$w" --nemesis "$n" --time-limit "$time_limit" \
        --seed "$seed" --dir "$out" >"$log" 2>&1
      rc=$?
      results="$(ls -td "$out"/"$p-$w-"*"-s$seed-"*/ 2>/dev/null | head -1)results.edn"
      if [ -f "$results" ]; then
        ok="$(field ok "$results")"; fail="$(field fail "$results")"; info="$(field info "$results")"
        faults="$(field faults "$results")"; verdict="$(field verdict "$results" | tr -d :)"
        why="$(grep -o ':reason "[^"]*"' "$results" | head -1 | sed 's/^:reason "//; s/"$//; s/|/\\|/g' | cut -c1-90)"
      else
        ok="-"; fail="-"; info="-"; faults="-"; verdict="error"; why="$(tail -1 "$log" | cut -c1-90)"
      fi
      case $rc in 0) ;; 1) status=1 ;; *) [ $status -eq 0 ] && status=2 ;; esac
      line="| $p | $w | $n | $time_limit | $ok / $fail / $info | $faults | **$verdict** | $why |"
      echo "$line" >>"$table"
      echo "$line"
    done
  done
done
echo
cat "$table"
if [ $docs -eq 1 ]; then
  doc="$root/docs/verification.md"
  stamp="$(date -u +%Y-%m-%d)"
  block="$(mktemp)"
  {
    echo "<!-- jepsen-matrix:begin -->"
    echo "Run $stamp with \`jepsen/run-matrix.sh --protocols \"$protocols\" --nemeses \"$nemeses\" --workloads \"$workloads\" --time-limit $time_limit --seed $seed\`"
    echo "(3 local nodes, 6 processes, 100 ops/s target, faults every 5 s; machine: $(nproc) cores). Reproduce one row with"
    echo "\`./pacraft jepsen --protocol P --workload W --nemesis N --time-limit $time_limit --seed $seed\` (see [jepsen.md](jepsen.md))."
    echo
    cat "$table"
    echo "<!-- jepsen-matrix:end -->"
  } >"$block"
  if grep -q "jepsen-matrix:begin" "$doc"; then
    python3 - "$doc" "$block" <<'PY'
import sys, re
doc, block = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
s = open(doc).read()
s = re.sub(r"<!-- jepsen-matrix:begin -->.*?<!-- jepsen-matrix:end -->", lambda m: block, s, flags=re.S)
open(doc, "w").write(s)
PY
  else
    { echo; echo "## Jepsen matrix"; echo; cat "$block"; } >>"$doc"
  fi
  rm -f "$block"
  echo "wrote the table to docs/verification.md"
fi
exit $status
