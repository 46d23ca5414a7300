#!/usr/bin/env bash
# Queue policies at saturation (Ilúvatar §6.2, Fig. 7b/7c and 9b/9c): FCFS, SJF, EEDF, RARE and no queue on the
# stationary and the bursty trace, in silico: the in-process worker on the simulation backend, on a virtual clock
# (a 10-minute trace replays in seconds). Every knob is an env var; see README.md.
set -euo pipefail
cd "$(dirname "$0")/../../.."

OUT=${OUT:-results/loadgen/policies/$(date +%Y%m%d-%H%M%S)}
CORES=${CORES:-16}                    # simulated cores = the concurrency limit (no overcommit)
LIMIT=${LIMIT:-$CORES}
LOAD=${LOAD:-15}                      # the trace's expected concurrency Σλ·warm (just under the limit: saturated, stable)
FUNCTIONS=${FUNCTIONS:-21}
DURATION_MS=${DURATION_MS:-600000}
SEED=${SEED:-1}
POLICIES=${POLICIES:-fcfs sjf eedf rare none}
MIXES=${MIXES:-stationary bursty}
CLOCK=${CLOCK:-virtual}               # or real, with TIME_SCALE=0.1 to fit the wall clock
TIME_SCALE=${TIME_SCALE:-1}
if [ "$CLOCK" = real ]; then SAMPLE_MS=${SAMPLE_MS:-50}; else SAMPLE_MS=${SAMPLE_MS:-100}; fi   # worker status period
LG=(node --import tsx cli/loadgen.ts)

mkdir -p "$OUT/traces"
echo "policies experiment → $OUT (cores $CORES, limit $LIMIT, load $LOAD, $FUNCTIONS functions, ${DURATION_MS} ms, seed $SEED, $CLOCK clock)"
"${LG[@]}" trace --out "$OUT/traces/stationary" --seed "$SEED" --functions "$FUNCTIONS" --duration-ms "$DURATION_MS" --target-load "$LOAD" > "$OUT/traces/stationary.txt"
"${LG[@]}" trace --out "$OUT/traces/bursty" --seed "$SEED" --functions "$FUNCTIONS" --duration-ms "$DURATION_MS" --target-load "$LOAD" --bursty > "$OUT/traces/bursty.txt"
tail -n 2 "$OUT/traces/stationary.txt" | head -n 1
tail -n 2 "$OUT/traces/bursty.txt" | head -n 1

echo "mix,policy,weighted_normalized_latency,function_mean_normalized_latency,flow_p99_ms,mean_queue_ms,cold_starts,littles_law" > "$OUT/weighted.csv"
for mix in $MIXES; do
  runs=()
  mkdir -p "$OUT/$mix"
  for policy in $POLICIES; do
    dir="$OUT/$mix/$policy"
    if "${LG[@]}" open --trace "$OUT/traces/$mix" --label "$policy" --queue-policy "$policy" --concurrency-limit "$LIMIT" \
        --set "worker.simulation.cores=$CORES" --clock "$CLOCK" --time-scale "$TIME_SCALE" --sample-ms "$SAMPLE_MS" --out "$dir" --quiet > "$dir.txt" 2>&1; then
      runs+=("$dir")
      node -e '
        const s = require(require("node:path").resolve(process.argv[1]));
        const l = s.littlesLaw;
        console.log([process.argv[2], s.label, s.weightedNormalizedLatency.toFixed(3), s.functionMeanNormalizedLatency.toFixed(3),
          s.flowMs.p99.toFixed(1), s.queueMs.mean.toFixed(1), s.coldStarts, l ? (l.pass ? "pass" : "fail") : "-"].join(","));
      ' "$dir/summary.json" "$mix" >> "$OUT/weighted.csv"
    else
      echo "  $mix/$policy skipped: $(tail -n 1 "$dir.txt")"
    fi
  done
  if [ "${#runs[@]}" -gt 0 ]; then
    echo
    echo "== $mix =="
    "${LG[@]}" compare --out "$OUT/$mix/compare" --title "$mix, limit $LIMIT, load $LOAD" "${runs[@]}"
  fi
done
echo
echo "weighted normalized latency per policy: $OUT/weighted.csv"
