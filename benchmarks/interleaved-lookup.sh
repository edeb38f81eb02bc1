#!/usr/bin/env bash
# The primary-key lookup, one JMH fork per variant per round, the variants interleaved round by round,
# so that a slow minute on a shared machine hits every variant alike; prints each fork's mean and
# allocation, then the mean and standard deviation of the fork means per variant.
#
#   ./mvnw -B -q -pl benchmarks -am package -DskipTests
#   benchmarks/interleaved-lookup.sh [rounds] [java]      # defaults: 4 rounds, the java on the PATH
#
# Takes about 2.5 minutes a round; JMH's own messages go to a log in the temporary directory it names.
# The README quotes it for JDK 17 and Temurin 25.
set -euo pipefail

rounds=${1:-4}
java=${2:-java}
target=$(cd "$(dirname "$0")" && pwd)/target
out=$(mktemp -d)
echo "forks' output: $out" >&2
variants="RAW RAW_CONTROL TIMING_FLOOR_AGENT P6SPY DATASOURCE_PROXY OPENTELEMETRY_AGENT QUERYHOUND_AGENT"

for round in $(seq 1 "$rounds"); do
  for variant in $variants; do
    agent=""  # the agents' arguments as BenchmarkMain gives them
    case $variant in
      QUERYHOUND_AGENT) agent="-javaagent:$target/agents/queryhound-agent.jar=output=$out/queryhound.jsonl" ;;
      TIMING_FLOOR_AGENT) agent="-javaagent:$target/benchmarks.jar" ;;
      OPENTELEMETRY_AGENT) agent="-javaagent:$target/agents/opentelemetry-javaagent.jar -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none -Dotel.javaagent.logging=none" ;;
    esac
    "$java" -cp "$target/benchmarks.jar" org.openjdk.jmh.Main 'JdbcBenchmarks.lookup$' -p variant="$variant" \
        -f 1 -wi 6 -w 1s -i 5 -r 1s -tu ns -prof gc -jvm "$(command -v "$java")" -jvmArgsAppend "-Xms1g -Xmx1g $agent" \
        2>>"$out/jmh-stderr.log" \
      | awk -v round="$round" -v variant="$variant" '
          $1 == "JdbcBenchmarks.lookup" { time = $5 }
          $1 == "JdbcBenchmarks.lookup:gc.alloc.rate.norm" { bytes = $5 }
          END { printf "%s %s %s %s\n", round, variant, time, bytes }'
  done
done | tee "$out/rounds.txt"

echo
awk '{ n[$2]++; s[$2] += $3; q[$2] += $3 * $3; b[$2] += $4 }
     END {
       raw = s["RAW"] / n["RAW"]; rawBytes = b["RAW"] / n["RAW"]
       printf "%-20s %8s %8s %7s %14s\n", "variant", "ns/op", "sd", "x raw", "B/op over raw"
       n_order = split("RAW RAW_CONTROL TIMING_FLOOR_AGENT P6SPY DATASOURCE_PROXY OPENTELEMETRY_AGENT QUERYHOUND_AGENT", order, " ")
       for (i = 1; i <= n_order; i++) {
         v = order[i]; if (!n[v]) continue
         mean = s[v] / n[v]; var = n[v] > 1 ? (q[v] - n[v] * mean * mean) / (n[v] - 1) : 0
         printf "%-20s %8.0f %8.0f %7.2f %14.0f\n", v, mean, sqrt(var > 0 ? var : 0), mean / raw, b[v] / n[v] - rawBytes
       }
     }' "$out/rounds.txt"
