#!/usr/bin/env bash
# Data loading: Fashion-MNIST's training images (IdxLoader.Load, Normalization.Fit with z-score, the rescaling) and a
# numeric CSV file (CsvLoader.Load, the same normalization), each stage timed in a fresh process on one core
# (bench/VectorNN.DataLoad), beside the limit each is measured against: decompressing the gzip file alone, reading the
# CSV file alone. Builds are run alternately, so a change of machine load touches them alike, and in alternating order
# (see below); each line of raw figures carries the load average it ran under. Prints the median of every stage per build.
#
# Usage: bench/data-load.sh [rounds] [label=path/to/VectorNN.DataLoad.dll ...]
#   (default 7 rounds, the repository's build; more builds, e.g. one of an older commit, are compared beside it)
# Environment: FASHION_MNIST_DIR (default /usr/share/datasets/fashion-mnist); DATA_LOAD_CSV, a CSV file of numbers with
# a label column last (default: a 100 MB file of 50 random features with 6 significant digits and a label, generated
# once into ${TMPDIR:-/tmp}/vectornn-numeric-100mb.csv).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-7}
shift || true
DATA=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
IMAGES="$DATA/train-images-idx3-ubyte.gz"
CSV=${DATA_LOAD_CSV:-${TMPDIR:-/tmp}/vectornn-numeric-100mb.csv}
if [[ ! -f "$IMAGES" ]]; then
    echo "Fashion-MNIST is not installed ($IMAGES is missing): sudo apt-get install dataset-fashion-mnist" >&2
    exit 1
fi

if [[ ! -f "$CSV" ]]; then
    echo "generating $CSV..." >&2
    python3 - "$CSV" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"f{j}" for j in range(50)) + ",label\n")
    size = 0
    while size < 100_000_000:
        line = ",".join(f"{random.gauss(0, 1) * 10 ** random.randint(-2, 2):.6g}" for _ in range(50)) + f",{random.randint(0, 9)}\n"
        f.write(line)
        size += len(line)
PY
fi

dotnet build bench/VectorNN.DataLoad -c Release > /dev/null
BUILDS=("repo=bench/VectorNN.DataLoad/bin/Release/net10.0/VectorNN.DataLoad.dll" "$@")
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

for ((round = 1; round <= ROUNDS; round++)); do
    # Every other round runs the builds in reverse order: a process finds the memory its predecessor freed already
    # backed by the host, which makes page faults cheaper for whichever build runs second.
    ORDER=("${BUILDS[@]}")
    if ((round % 2 == 0)); then
        ORDER=()
        for ((b = ${#BUILDS[@]} - 1; b >= 0; b--)); do ORDER+=("${BUILDS[b]}"); done
    fi
    for kind in idx csv; do
        file=$IMAGES
        [[ $kind == csv ]] && file=$CSV
        for build in "${ORDER[@]}"; do
            load=$(cut -d ' ' -f 1 /proc/loadavg)
            line=$(taskset -c 0 dotnet "${build#*=}" "$kind" "$file")
            printf '%s\t%s\t%s\t%s\n' "${build%%=*}" "$kind" "$load" "$line" | tee -a "$OUT" >&2
        done
    done
done

python3 - "$OUT" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, kind, load, *stages = line.rstrip("\n").split("\t")
    entry = runs.setdefault((kind, label), {"load average": []})
    entry["load average"].append(float(load))
    for stage in stages:
        name, ms = stage.split("=")
        entry.setdefault(name, []).append(float(ms))
for (kind, label), entry in runs.items():
    loads = entry.pop("load average")
    figures = ", ".join(f"{name} {statistics.median(v):.0f} ms" for name, v in entry.items())
    print(f"{kind} {label}: {figures} (median of {len(loads)}, load average {min(loads):.1f}-{max(loads):.1f})")
PY
