#!/usr/bin/env bash
# Fashion-MNIST with VectorNN (the vectornn train command) and with TorchSharp (bench/VectorNN.Peers fashion), same
# network and settings: 784-256-128-10, ReLU, softmax cross-entropy, Adam lr 1e-3, batch 128, 5 epochs, shuffled,
# seed 1, 2 threads, pixels z-scored with the training set's statistics. Prints each one's test accuracy after the
# last epoch and its training time (the epochs only, evaluation excluded), then the ratio of the times.
#
# Usage: bench/fashion-mnist.sh            (FASHION_MNIST_DIR overrides the data folder)
# The TorchSharp side restores TorchSharp-cpu (about 1 GB) on its first build; see bench/VectorNN.Peers/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
THREADS=2
EPOCHS=5
SEED=1

for file in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    if [[ ! -f "$DATA/$file" ]]; then
        echo "Fashion-MNIST is not installed ($DATA/$file is missing). Install it with:" >&2
        echo "  sudo apt-get install dataset-fashion-mnist" >&2
        exit 1
    fi
done

if ! command -v python3 > /dev/null; then
    echo "python3 is needed to read the JSON reports." >&2
    exit 1
fi

echo "building both programs (Release)..." >&2
dotnet build src/VectorNN.Cli -c Release -nologo -v quiet >&2
dotnet build bench/VectorNN.Peers -c Release -nologo -v quiet >&2

echo "training with VectorNN..." >&2
vectornn_json=$(dotnet run --project src/VectorNN.Cli -c Release --no-build -- train \
    --train "$DATA/train-images-idx3-ubyte.gz" --test "$DATA/t10k-images-idx3-ubyte.gz" \
    --layers 784,256,128,10 --optimizer adam --lr 0.001 --batch 128 --epochs "$EPOCHS" --seed "$SEED" --normalize zscore \
    --threads "$THREADS" --json)
# Test accuracy of the last epoch, and the sum of the epochs' training seconds.
read -r vectornn_accuracy vectornn_seconds < <(python3 -c '
import json, sys
epochs = json.load(sys.stdin)["epochs"]
print(epochs[-1]["test_accuracy"], sum(e["seconds"] for e in epochs))' <<< "$vectornn_json")

echo "training with TorchSharp..." >&2
torch_json=$(dotnet run --project bench/VectorNN.Peers -c Release --no-build -- fashion \
    --data "$DATA" --threads "$THREADS" --epochs "$EPOCHS" --batch 128 --lr 0.001 --seed "$SEED" --json | tail -n 1)
read -r torch_accuracy torch_seconds < <(python3 -c '
import json, sys
report = json.load(sys.stdin)
print(report["accuracy"], report["seconds"])' <<< "$torch_json")

python3 - "$vectornn_accuracy" "$vectornn_seconds" "$torch_accuracy" "$torch_seconds" "$EPOCHS" "$THREADS" <<'PY'
import sys
va, vs, ta, ts = map(float, sys.argv[1:5])
epochs, threads = sys.argv[5], sys.argv[6]
print(f"Fashion-MNIST 784-256-128-10, Adam lr 1e-3, batch 128, {epochs} epochs, {threads} threads")
print(f"VectorNN:   test accuracy {va:.2%}, training {vs:.1f} s")
print(f"TorchSharp: test accuracy {ta:.2%}, training {ts:.1f} s")
print(f"time ratio TorchSharp / VectorNN: {ts / vs:.2f} (above 1: VectorNN trains faster)")
PY
