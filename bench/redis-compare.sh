#!/usr/bin/env bash
# Compares pacraft with redis-server (appendonly yes, appendfsync always: every write fsynced
# before the reply, the durability pacraft gives) using redis-benchmark, on this machine, in one
# run: targets alternate round by round so that machine noise hits both alike. Prints a Markdown
# table of median requests/second and the pacraft/redis ratio.
#
#   bench/redis-compare.sh                   # defaults below
#   ROUNDS=5 CLIENTS=50 REQUESTS=200000 TESTS=set,get bench/redis-compare.sh
#   TESTS=hset,lpush,rpush,lpop,rpop,sadd,spop,zadd,lrange_100,lrange_600 PIPELINES=1 bench/redis-compare.sh
#   TARGETS="redis standalone raft pacifica" bench/redis-compare.sh   # 3-node clusters too
#
# Clusters (raft, pacifica) are three nodes made by `pacraft local`; redis-benchmark talks to the
# shard's leader, which serves every slot (redis-benchmark --cluster refuses one-master clusters).
#
# Needs redis-server and redis-benchmark (Debian: redis-server, redis-tools) and a built
# cluster-tools/target/pacraft.jar (./pacraft builds it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-50}"
REQUESTS="${REQUESTS:-100000}"
# Pipelined runs get more requests: 100,000 at pipeline 16 last a third of a second, in which one
# of this machine's 3-15 ms pauses (benchmarks.md) or a young collection moves the result by a tenth.
PIPELINED_REQUESTS="${PIPELINED_REQUESTS:-400000}"
PIPELINES="${PIPELINES:-1 16}"
TESTS="${TESTS:-set,get,incr,mset,hset,lpush,rpush,lpop,rpop,sadd,spop,zadd,lrange_100,lrange_600}"
TARGETS="${TARGETS:-redis standalone}"
HEAP="${HEAP:-1g}"
REDIS_PORT="${REDIS_PORT:-16390}"
PACRAFT_PORT="${PACRAFT_PORT:-16391}"
RAFT_PORT="${RAFT_PORT:-16401}"
PACIFICA_PORT="${PACIFICA_PORT:-16411}"

for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 2; }
done
"$root/pacraft" --version >/dev/null   # builds the jar if needed

work="$(mktemp -d -t pacraft-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_ping() {
  for _ in $(seq 1 300); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "bench: nothing answers on port $1" >&2
  exit 1
}

start_redis() {
  mkdir -p "$work/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes \
    --appendfsync always --save "" --daemonize no --logfile "$work/redis.log" &
  pids+=($!)
  wait_ping "$REDIS_PORT"
}

start_standalone() {
  java -Xmx"$HEAP" -jar "$root/cluster-tools/target/pacraft.jar" server --port "$PACRAFT_PORT" \
    --dir "$work/pacraft" --loglevel warning >"$work/pacraft.log" 2>&1 &
  pids+=($!)
  wait_ping "$PACRAFT_PORT"
}

start_cluster() {   # protocol base-port
  java -jar "$root/cluster-tools/target/pacraft.jar" local --nodes 3 --protocol "$1" --port "$2" \
    --dir "$work/$1" --heap "$HEAP" >"$work/$1-local.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q "pacraft is running" "$work/$1-local.log" 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$1-local.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "bench: the $1 cluster did not come up" >&2
  exit 1
}
start_raft() { start_cluster raft "$RAFT_PORT"; }
start_pacifica() { start_cluster pacifica "$PACIFICA_PORT"; }

# The port of the node that leads a one-shard cluster. (redis-benchmark --cluster refuses a
# cluster with fewer than two masters; for one shard it would send everything to the leader.)
leader_port() {
  redis-cli -p "$1" cluster nodes | awk '$3 ~ /master/ && NF > 8 { split($2, a, "[:@]"); print a[2]; exit }'
}

port_of() {
  case "$1" in
    redis) echo "$REDIS_PORT" ;;
    standalone) echo "$PACRAFT_PORT" ;;
    raft) leader_port "$RAFT_PORT" ;;
    pacifica) leader_port "$PACIFICA_PORT" ;;
    *) echo "bench: unknown target $1" >&2; exit 2 ;;
  esac
}

for t in $TARGETS; do "start_$t"; done

# Warm the JVMs up (JIT) before measuring anything, with the rounds' own sequence: FLUSHALL, every
# test at pipeline 16 (WARMUP requests each), FLUSHALL, every test at pipeline 1 (a twentieth of
# that), twice. (20,000 requests left C2 still compiling the write path during the measured runs: a
# profile of SET at pipeline 16 after 20,000 requests spent a fifth of the server's CPU in the JIT.
# A warm-up without the FLUSHALL let the rounds' first FLUSHALL, from redis-cli in lowercase, make C2
# drop and recompile the event loop's largest methods inside the measured rounds: 1.9 s of
# compilation in one round, seen with JFR.)
WARMUP="${WARMUP:-200000}"
for t in $TARGETS; do
  [ "$t" = redis ] && continue
  echo "warming up $t" >&2
  for pass in 1 2; do
    for p in 16 1; do
      redis-cli -p "$(port_of "$t")" flushall >/dev/null
      n="$WARMUP"; [ "$p" = 1 ] && n=$((WARMUP / 20))
      redis-benchmark -p "$(port_of "$t")" -c "$CLIENTS" -n "$n" -P "$p" -t "$TESTS" --csv >/dev/null 2>&1 || true
    done
  done
done

results="$work/results.csv"   # target,pipeline,test,rps
for round in $(seq 1 "$ROUNDS"); do
  for p in $PIPELINES; do
    for t in $TARGETS; do
      port="$(port_of "$t")"
      redis-cli -p "$port" flushall >/dev/null
      echo "round $round: $t -P $p" >&2
      n="$REQUESTS"; [ "$p" -gt 1 ] && n="$PIPELINED_REQUESTS"
      redis-benchmark -p "$port" -c "$CLIENTS" -n "$n" -P "$p" -t "$TESTS" --csv 2>/dev/null \
        | awk -F'","' -v t="$t" -v p="$p" 'NR > 1 { gsub(/"/, "", $1); gsub(/"/, "", $2); print t "," p "," $1 "," $2 }' \
        >>"$results"
    done
  done
done

median() { sort -n | awk '{a[NR]=$1} END { if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

echo
echo "redis-benchmark -c $CLIENTS -n $REQUESTS (pipelined: -n $PIPELINED_REQUESTS), median of $ROUNDS rounds, requests/s; redis-server with appendonly yes, appendfsync always"
echo
header="| test | pipeline |"
sep="|---|---:|"
for t in $TARGETS; do header="$header $t |"; sep="$sep---:|"; done
for t in $TARGETS; do [ "$t" != redis ] && header="$header $t / redis |" && sep="$sep---:|"; done
echo "$header"
echo "$sep"
for p in $PIPELINES; do
  # Test names have spaces and underscores (LRANGE_100 (first 100 elements)): read them by line.
  while IFS= read -r name; do
    row="| $name | $p |"
    declare -A med=()
    for t in $TARGETS; do
      m="$(awk -F, -v t="$t" -v p="$p" -v n="$name" '$1 == t && $2 == p && $3 == n { print $4 }' "$results" | median)"
      med[$t]="$m"
      row="$row $(printf '%.0f' "$m") |"
    done
    for t in $TARGETS; do
      if [ "$t" != redis ]; then
        row="$row $(awk -v a="${med[$t]}" -v b="${med[redis]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }') |"
      fi
    done
    echo "$row"
    unset med
  done < <(awk -F, -v p="$p" '$2 == p { print $3 }' "$results" | awk '!seen[$0]++')
done
