#!/usr/bin/env bash
# In silico vs in situ (Ilúvatar §3.4 and Fig. 10; worker-design.md §12 step 6): one small trace, scaled to fit
# 2 cores, replayed (1) on real sandboxes — the standalone platform with the process backend, running a nodejs action
# that busy-waits each invocation's duration — then (2) on the simulation backend with the times measured in (1),
# over HTTP and in process on a virtual clock, and (3) in process with the trace's nominal times. Compares mean
# concurrency and queue length with each other and with Little's law. Knobs by env; see README.md.
set -euo pipefail
cd "$(dirname "$0")/../../.."

OUT=${OUT:-results/loadgen/in-silico-vs-in-situ/$(date +%Y%m%d-%H%M%S)}
CORES=${CORES:-2}
LIMIT=${LIMIT:-2}
POLICY=${POLICY:-eedf}
LOAD=${LOAD:-1.0}                     # Σλ·warm: half of 2 cores, leaving CPU for the platform and the load generator
FUNCTIONS=${FUNCTIONS:-6}
DURATION_MS=${DURATION_MS:-120000}
SEED=${SEED:-2}
WARM_MEDIAN_MS=${WARM_MEDIAN_MS:-100}
SAMPLE_MS=${SAMPLE_MS:-100}
LG=(node --import tsx cli/loadgen.ts)
PLATFORM_PID=

start_platform() { # backend logfile → sets APIHOST
  # The namespace throttles (OpenWhisk's 60 invocations a minute) would refuse most of a trace: lift them.
  OW_LIMITS__INVOCATIONS_PER_MINUTE=0 OW_LIMITS__CONCURRENT_INVOCATIONS=0 OW_LIMITS__FIRES_PER_MINUTE=0 \
  OW_WORKER__CONCURRENCY_LIMIT="$LIMIT" OW_WORKER__QUEUE_POLICY="$POLICY" OW_WORKER__SIMULATION__CORES="$CORES" \
    node --import tsx cli/start.ts --port 0 --backend "$1" --store memory --log-level warn > "$2" 2>&1 &
  PLATFORM_PID=$!
  for _ in $(seq 1 150); do
    APIHOST=$(grep -o 'API at http://[0-9.:]*' "$2" | head -n 1 | cut -d' ' -f3 || true)
    if [ -n "$APIHOST" ]; then return 0; fi
    if ! kill -0 "$PLATFORM_PID" 2>/dev/null; then cat "$2"; return 1; fi
    sleep 0.2
  done
  echo "the platform did not start: $(cat "$2")"; return 1
}
stop_platform() {
  if [ -n "$PLATFORM_PID" ]; then kill -INT "$PLATFORM_PID" 2>/dev/null || true; wait "$PLATFORM_PID" 2>/dev/null || true; fi
  PLATFORM_PID=
}
trap stop_platform EXIT

mkdir -p "$OUT"
echo "in-silico vs in-situ → $OUT ($POLICY, limit $LIMIT, load $LOAD, $FUNCTIONS functions, ${DURATION_MS} ms, seed $SEED)"
"${LG[@]}" trace --out "$OUT/trace" --seed "$SEED" --functions "$FUNCTIONS" --duration-ms "$DURATION_MS" --target-load "$LOAD" \
  --warm-median-ms "$WARM_MEDIAN_MS" --warm-sigma 1 --warm-min-ms 20 --warm-max-ms 1000 --init-median-ms 300 | tail -n 2 | head -n 1

echo "1/4 in situ: process backend, real sandboxes (wall clock, ${DURATION_MS} ms)"
start_platform process "$OUT/platform-process.log"
"${LG[@]}" open --apihost "$APIHOST" --trace "$OUT/trace" --label "in situ" --sample-ms "$SAMPLE_MS" --out "$OUT/in-situ" --quiet > "$OUT/in-situ.txt"
stop_platform
tail -n 5 "$OUT/in-situ.txt" | head -n 3

"${LG[@]}" calibrate --run "$OUT/in-situ" --trace "$OUT/trace" --out "$OUT/calibrated" > "$OUT/calibrated.txt"

echo "2/4 in silico over HTTP: simulation backend with the measured times (wall clock)"
start_platform simulation "$OUT/platform-simulation.log"
"${LG[@]}" open --apihost "$APIHOST" --trace "$OUT/calibrated" --label "in silico (HTTP)" --sample-ms "$SAMPLE_MS" --out "$OUT/in-silico-http" --quiet > "$OUT/in-silico-http.txt"
stop_platform

echo "3/4 in silico in process: the same worker code, virtual clock, measured times"
"${LG[@]}" open --trace "$OUT/calibrated" --label "in silico (virtual)" --queue-policy "$POLICY" --concurrency-limit "$LIMIT" \
  --set "worker.simulation.cores=$CORES" --sample-ms 20 --out "$OUT/in-silico-virtual" --quiet > "$OUT/in-silico-virtual.txt"

echo "4/4 in silico in process with the trace's nominal times"
"${LG[@]}" open --trace "$OUT/trace" --label "in silico (trace times)" --queue-policy "$POLICY" --concurrency-limit "$LIMIT" \
  --set "worker.simulation.cores=$CORES" --sample-ms 20 --out "$OUT/in-silico-nominal" --quiet > "$OUT/in-silico-nominal.txt"

echo
cat "$OUT/calibrated.txt"
echo
"${LG[@]}" compare --out "$OUT/compare" --title "in silico vs in situ, $POLICY, limit $LIMIT" --baseline "in situ" \
  "$OUT/in-situ" "$OUT/in-silico-http" "$OUT/in-silico-virtual" "$OUT/in-silico-nominal"
