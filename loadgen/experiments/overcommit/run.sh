#!/usr/bin/env bash
# Overcommitment (Ilúvatar §6.2, Fig. 7a and 9a): one queue policy (EEDF, the paper's default) with the concurrency
# limit swept from below the simulated cores to several times them, plus the no-queue baseline, on the stationary
# and the bursty trace. In silico: in-process worker, simulation backend, virtual clock. Knobs by env; see README.md.
set -euo pipefail
cd "$(dirname "$0")/../../.."

OUT=${OUT:-results/loadgen/overcommit/$(date +%Y%m%d-%H%M%S)}
CORES=${CORES:-16}
LIMITS=${LIMITS:-12 14 16 20 24 32 48}
POLICY=${POLICY:-eedf}
LOAD=${LOAD:-15}
FUNCTIONS=${FUNCTIONS:-21}
DURATION_MS=${DURATION_MS:-600000}
SEED=${SEED:-1}
MIXES=${MIXES:-stationary bursty}
CLOCK=${CLOCK:-virtual}
TIME_SCALE=${TIME_SCALE:-1}
if [ "$CLOCK" = real ]; then SAMPLE_MS=${SAMPLE_MS:-50}; else SAMPLE_MS=${SAMPLE_MS:-100}; fi   # worker status period
PREWARM=${PREWARM:-1}                 # 0: no Little's-law prewarm, so cold starts show what the queue saves
LG=(node --import tsx cli/loadgen.ts)
PREWARM_FLAG=()
if [ "$PREWARM" = 0 ]; then PREWARM_FLAG=(--no-prewarm); fi

mkdir -p "$OUT/traces"
echo "overcommit experiment → $OUT ($POLICY, cores $CORES, limits $LIMITS + no queue, load $LOAD, seed $SEED, $CLOCK clock)"
"${LG[@]}" trace --out "$OUT/traces/stationary" --seed "$SEED" --functions "$FUNCTIONS" --duration-ms "$DURATION_MS" --target-load "$LOAD" > "$OUT/traces/stationary.txt"
"${LG[@]}" trace --out "$OUT/traces/bursty" --seed "$SEED" --functions "$FUNCTIONS" --duration-ms "$DURATION_MS" --target-load "$LOAD" --bursty > "$OUT/traces/bursty.txt"

echo "mix,run,limit,weighted_normalized_latency,mean_queue_ms,mean_exec_ms,cold_starts,littles_law,stable" > "$OUT/sweep.csv"
for mix in $MIXES; do
  mkdir -p "$OUT/$mix"
  runs=()
  for limit in $LIMITS none; do
    if [ "$limit" = none ]; then
      label="no queue"; args=(--queue-policy none); dir="$OUT/$mix/none"
    else
      label="limit $limit"; args=(--queue-policy "$POLICY" --concurrency-limit "$limit"); dir="$OUT/$mix/limit-$limit"
    fi
    if "${LG[@]}" open --trace "$OUT/traces/$mix" --label "$label" "${args[@]}" --set "worker.simulation.cores=$CORES" \
        --clock "$CLOCK" --time-scale "$TIME_SCALE" --sample-ms "$SAMPLE_MS" ${PREWARM_FLAG[@]+"${PREWARM_FLAG[@]}"} --out "$dir" --quiet > "$dir.txt" 2>&1; then
      runs+=("$dir")
      node -e '
        const s = require(require("node:path").resolve(process.argv[1]));
        const l = s.littlesLaw;
        const n = s.functions.reduce((a, f) => a + f.execMs.count, 0);
        const exec = s.functions.reduce((a, f) => a + f.execMs.mean * f.execMs.count, 0) / n;
        console.log([process.argv[2], JSON.stringify(s.label), process.argv[3], s.weightedNormalizedLatency.toFixed(3), s.queueMs.mean.toFixed(1),
          exec.toFixed(1), s.coldStarts, l ? (l.pass ? "pass" : "fail") : "-", l ? l.stable : "-"].join(","));
      ' "$dir/summary.json" "$mix" "$limit" >> "$OUT/sweep.csv"
    else
      echo "  $mix/$label skipped: $(tail -n 1 "$dir.txt")"
    fi
  done
  if [ "${#runs[@]}" -gt 0 ]; then
    echo
    echo "== $mix =="
    "${LG[@]}" compare --out "$OUT/$mix/compare" --title "$mix, $POLICY, load $LOAD on $CORES cores" "${runs[@]}"
  fi
done
echo
echo "sweep: $OUT/sweep.csv"
