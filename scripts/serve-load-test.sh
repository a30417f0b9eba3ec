#!/usr/bin/env bash
# A bounded load test of `linf serve` on loopback: starts the server (extra arguments go to it,
# JAVA_OPTS to its JVM), sends a fixed number of requests from a fixed number of clients, prints
# throughput, p50/p99 latency and status counts, then the server's peak RSS, and stops it with
# SIGTERM (it must exit 0). Load options: REQUESTS (40), CLIENTS (4), SIZE (64), SCALE (2), BAD (0:
# every BAD-th body is not an image), WARMUP (0: requests sent first, one at a time, not counted).
# Example: REQUESTS=40 CLIENTS=4 scripts/serve-load-test.sh --max-concurrent 2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/find-jdk.sh"
bench="$root/bench/target/linf-bench.jar"
if [ ! -f "$bench" ]; then
  (cd "$root" && mvn -q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl bench -am package)
fi
log=$(mktemp)
"$root/linf" serve --port 0 "$@" >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q '^listening on ' "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$log")
echo "server: $url (linf serve $*)"
"$JAVA_HOME/bin/java" -cp "$bench" dev.linf.bench.ServiceLoad --url "$url" --requests "${REQUESTS:-40}" \
  --clients "${CLIENTS:-4}" --size "${SIZE:-64}" --scale "${SCALE:-2}" --bad "${BAD:-0}" --warmup "${WARMUP:-0}"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status)"
kill -TERM $pid
wait $pid && echo "server stopped by SIGTERM: exit 0" || echo "server exit status $?"
