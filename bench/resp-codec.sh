#!/usr/bin/env bash
# Throughput of the RESP codec on one thread (decode pipelined requests, encode replies).
# Usage: bench/resp-codec.sh [seconds-per-case]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl resp-codec -am install -DskipTests >/dev/null 2>&1 \
  || mvn -B -q -pl resp-codec -am install -DskipTests
mvn -B -q -o -pl resp-codec test-compile >/dev/null 2>&1 || mvn -B -q -pl resp-codec test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl resp-codec org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$cp_file" \
  -Dmdep.includeScope=test >/dev/null
java -Xmx1g -Dio.netty.leakDetection.level=disabled \
  -cp "resp-codec/target/test-classes:resp-codec/target/classes:$(cat "$cp_file")" \
  io.pacraft.resp.CodecBench "${1:-3}"
