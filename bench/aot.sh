#!/usr/bin/env bash
# The vectornn throughput probe (vectornn bench --json: FMA peak, GEMM n=512 on 1 and 2 threads, MLP training steps,
# an Iris step, inference) under the JIT and as a NativeAOT publish for linux-x64, at each instruction-set level
# the publish carries. The variants run in turn, round after round, so that load from other programs spreads over
# all of them; the table shows the median of each figure and its ratio to the JIT's. Then the start-up time of each.
#
# Usage: bench/aot.sh [rounds]     (default 3; each round runs the probe once per variant, about 15 s each)
# Needs clang (the NativeAOT linker) and python3 (to read the JSON reports).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

for tool in clang python3; do
    if ! command -v "$tool" > /dev/null; then
        echo "$tool is needed (apt-get install clang python3)." >&2
        exit 1
    fi
done

echo "building the JIT program and publishing the NativeAOT one (a few minutes)..." >&2
dotnet build src/VectorNN.Cli -c Release > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
dotnet publish src/VectorNN.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$OUT/aot" > "$OUT/publish.log" 2>&1 ||
    { cat "$OUT/publish.log" >&2; exit 1; }
ls -l "$OUT/aot" >&2

JIT="dotnet src/VectorNN.Cli/bin/Release/net10.0/VectorNN.Cli.dll"
AOT="$OUT/aot/VectorNN.Cli"
# name|environment|command. The portable program picks the build; the switches cap the level it may pick.
VARIANTS=(
    "jit|X=1|$JIT"
    "aot (picks x86-64-v4 here)|X=1|$AOT"
    "aot x86-64-v3|DOTNET_EnableAVX512=0|$AOT"
    "aot x86-64-v2 (portable)|DOTNET_EnableAVX2=0|$AOT"
)

for ((round = 1; round <= ROUNDS; round++)); do
    for variant in "${VARIANTS[@]}"; do
        IFS='|' read -r name environment command <<< "$variant"
        echo "round $round/$ROUNDS: $name" >&2
        printf '%s\t' "$name" >> "$OUT/runs.tsv"
        env "$environment" $command bench --json >> "$OUT/runs.tsv"
    done
done

for variant in "${VARIANTS[@]}"; do
    IFS='|' read -r name environment command <<< "$variant"
    start=$(date +%s%N)
    for _ in $(seq 20); do env "$environment" $command --version > /dev/null; done
    printf '%s\t%s\n' "$name" $(( ($(date +%s%N) - start) / 20000000 )) >> "$OUT/startup.tsv"
done

python3 - "$OUT/runs.tsv" "$OUT/startup.tsv" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, report = line.rstrip("\n").split("\t", 1)
    runs.setdefault(name, []).append(json.loads(report))
startup = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[2]))
figures = [
    ("GEMM 512, 1 thread (GFLOP/s)", lambda r: r["gemm512_gflops_t1"]),
    ("GEMM 512, 2 threads (GFLOP/s)", lambda r: r["gemm512_gflops_t2"]),
    ("FMA peak, 1 thread (GFLOP/s)", lambda r: r["fma_peak_gflops_t1"]),
    ("MLP training, batch 32 (samples/s)", lambda r: r["mlp_train_samples_per_s"]["32"]),
    ("MLP training, batch 128 (samples/s)", lambda r: r["mlp_train_samples_per_s"]["128"]),
    ("MLP training, batch 512 (samples/s)", lambda r: r["mlp_train_samples_per_s"]["512"]),
    ("Iris step (us, lower is better)", lambda r: r["iris_step_us"]),
    ("inference, batch 1 (us, lower is better)", lambda r: r["infer_batch1_us"]),
    ("inference, batch 1024 (samples/s)", lambda r: r["infer_batch1024_samples_per_s"]),
]
names = list(runs)
print(f"rounds: {len(runs[names[0]])}; medians; in brackets the ratio to jit (for times, jit / variant)")
print("| figure | " + " | ".join(names) + " |")
print("| --- |" + " ---: |" * len(names))
for label, get in figures:
    med = {n: statistics.median(get(r) for r in runs[n]) for n in names}
    lower_better = "lower is better" in label
    show = lambda x: f"{x:,.1f}" if x >= 10 else f"{x:.3f}"
    cells = []
    for n in names:
        ratio = med["jit"] / med[n] if lower_better else med[n] / med["jit"]
        cells.append(show(med[n]) if n == "jit" else f"{show(med[n])} ({ratio:.0%})")
    print(f"| {label} | " + " | ".join(cells) + " |")
print("| SIMD | " + " | ".join(runs[n][0]["simd"].split(" (")[0] for n in names) + " |")
print("| start-up, `--version` (ms) | " + " | ".join(startup[n] for n in names) + " |")
PY
