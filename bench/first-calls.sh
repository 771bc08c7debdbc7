#!/usr/bin/env bash
# First calls: the time of each of the first 30 calls of a 512^3 GEMM, Network.Predict (1 and 256 samples) and an
# SGD training step (batch 128) of the 784-256-128-10 network, each in a fresh process, as a library user's program
# meets them (bench/VectorNN.FirstCalls). Run with tiered compilation (the .NET default), with methods that have
# loops compiled optimized at once (DOTNET_TC_QuickJitForLoops=0, in a project file
# <TieredCompilationQuickJitForLoops>false</TieredCompilationQuickJitForLoops>) and without tiering
# (DOTNET_TieredCompilation=0, every method optimized at its first call).
# Prints medians over the rounds: the first call, the first 10 calls together, and the steady call (median of
# calls 21-30).
#
# Usage: bench/first-calls.sh [rounds] [label=path/to/VectorNN.FirstCalls.dll ...]
#   (default 5 rounds, the repository's build; more builds, e.g. one with changed kernels, are compared beside it)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-5}
shift || true
dotnet build bench/VectorNN.FirstCalls -c Release > /dev/null
BUILDS=("repo=bench/VectorNN.FirstCalls/bin/Release/net10.0/VectorNN.FirstCalls.dll" "$@")
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

for ((round = 1; round <= ROUNDS; round++)); do
    for operation in gemm512 predict1 predict256 train128; do
        for build in "${BUILDS[@]}"; do
            label=${build%%=*}
            dll=${build#*=}
            for config in "tiered|X=1" "tiered, QuickJitForLoops off|DOTNET_TC_QuickJitForLoops=0" "tiering off|DOTNET_TieredCompilation=0"; do
                printf '%s, %s\t' "$label" "${config%%|*}" >> "$OUT"
                env "${config#*|}" dotnet "$dll" "$operation" 30 >> "$OUT"
            done
        done
    done
done

python3 - "$OUT" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    config, operation, times = line.rstrip("\n").split("\t")
    runs.setdefault((operation, config), []).append([float(t) for t in times.split()])
print(f"medians of {len(next(iter(runs.values())))} fresh processes")
print("| operation | build, JIT | call 1 (ms) | calls 1-10 (ms) | steady call (ms) | calls 1-10 / 10 steady |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for (operation, config), rounds in runs.items():
    first = statistics.median(r[0] for r in rounds) / 1000
    ten = statistics.median(sum(r[:10]) for r in rounds) / 1000
    steady = statistics.median(statistics.median(r[20:30]) for r in rounds) / 1000
    print(f"| {operation} | {config} | {first:.2f} | {ten:.2f} | {steady:.3f} | {ten / (10 * steady):.1f}x |")
PY
