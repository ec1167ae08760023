#!/usr/bin/env bash
# Times `pacraft check` end to end (JVM start included) on the Knossos corpus and on a generated
# 100,000-operation keyed history, with the plain launcher and with start-up options, and prints
# a Markdown table. Usage: bench/check-bench.sh [RUNS]   (median of RUNS runs, default 5)
# Uses the Knossos corpus in jepsen/src/test/resources/knossos (or KNOSSOS=DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
jar="$root/cluster-tools/target/pacraft.jar"
out="$root/bench/out"
corpus="${KNOSSOS:-}"
if [ -z "$corpus" ] && [ -d "$root/jepsen/src/test/resources/knossos/cas-register" ]; then
  corpus="$root/jepsen/src/test/resources/knossos"
fi
if [ -z "$corpus" ]; then
  d="$root"
  while [ "$d" != / ] && [ ! -d "$d/shared/histories/knossos" ]; do d="$(dirname "$d")"; done
  corpus="$d/shared/histories/knossos"
fi
mkdir -p "$out"

if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -pl cluster-tools -am package -DskipTests) >&2
fi
[ -d "$corpus" ] || { echo "no Knossos corpus at $corpus (set KNOSSOS=DIR)" >&2; exit 2; }

all_files=$(find "$corpus" -name '*.edn' | sort)
cas_files=$(find "$corpus/cas-register" -name '*.edn' | sort)
n_all=$(echo "$all_files" | wc -l)
n_cas=$(echo "$cas_files" | wc -l)
big="$out/cas-100k-1000keys-20procs.edn"
if [ ! -f "$big" ]; then
  java -cp "$jar" io.pacraft.jepsen.history.SyntheticHistory 100000 1000 20 1 > "$big"
fi

c1="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
cds="$out/pacraft-check.jsa"
rm -f "$cds"
# dump the classes one check loads into an application class-data archive (AppCDS)
# shellcheck disable=SC2086
java -XX:ArchiveClassesAtExit="$cds" $c1 -jar "$jar" check --initial 0 $cas_files \
  >/dev/null 2>"$out/cds.log" || true
[ -f "$cds" ] || { echo "AppCDS archive not created, see $out/cds.log" >&2; exit 2; }
tuned="$c1 -XX:SharedArchiveFile=$cds"

# median wall and CPU (user+sys) seconds of $runs runs of: java OPTS -jar pacraft.jar check ARGS
measure() {
  local opts="$1"; shift
  local walls=() cpus=() code real user sys
  for _ in $(seq "$runs"); do
    TIMEFORMAT='%R %U %S'
    # shellcheck disable=SC2086
    { time java $opts -jar "$jar" check "$@" > "$out/last.txt" 2>&1; } 2> "$out/time.txt" \
      && code=0 || code=$?
    read -r real user sys < "$out/time.txt"
    walls+=("$real")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  local mid=$(( (runs + 1) / 2 ))
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")
  local valid invalid unknown
  valid=$(grep -c '^valid ' "$out/last.txt" || true)
  invalid=$(grep -c '^INVALID ' "$out/last.txt" || true)
  unknown=$(grep -c '^unknown ' "$out/last.txt" || true)
  printf '%s s | %s s | exit %d: %d valid, %d INVALID, %d unknown' \
    "$wall" "$cpu" "$code" "$valid" "$invalid" "$unknown"
}

echo "| history | JVM options | wall time | CPU time (user+sys) | verdicts |"
echo "|---|---|---|---|---|"
# shellcheck disable=SC2086
echo "| none (\`check --help\`: JVM start only) | plain | $(measure "" --help | cut -d'|' -f1-2) | — |"
# shellcheck disable=SC2086
echo "| none (\`check --help\`: JVM start only) | C1 + SerialGC + AppCDS | $(measure "$tuned" --help | cut -d'|' -f1-2) | — |"
for opts in "" "-XX:TieredStopAtLevel=1" "$c1" "$tuned"; do
  label="${opts:-plain}"
  label="${label//$cds/ARCHIVE}"
  # shellcheck disable=SC2086
  echo "| Knossos cas-register ($n_cas files) | \`$label\` | $(measure "$opts" --initial 0 $cas_files) |"
done
for opts in "" "$tuned"; do
  label="${opts:-plain}"
  label="${label//$cds/ARCHIVE}"
  # shellcheck disable=SC2086
  echo "| whole Knossos corpus ($n_all files) | \`$label\` | $(measure "$opts" --initial 0 $all_files) |"
done
for opts in "" "$tuned"; do
  label="${opts:-plain}"
  label="${label//$cds/ARCHIVE}"
  echo "| generated: 100,000 ops, 1,000 keys, 20 processes | \`$label\` | $(measure "$opts" --initial 0 "$big") |"
done
echo
echo "Medians of $runs runs, JVM start included. ARCHIVE = $cds, made by one run with" \
  "-XX:ArchiveClassesAtExit. Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" \
  "at the end (other builds share it: wall time stretches with load, CPU time much less)."
