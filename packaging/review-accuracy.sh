#!/usr/bin/env bash
# What the case review finds on simulated cases with known lesions: trains the default compact
# model on a simulated demo project, imports new simulated patients as cases (not trained on),
# and runs bench_review --accuracy over them (share of ground-truth lesion runs an event
# overlaps; share of true-positive events whose heat-map peak is inside the lesion's box).
# Usage: packaging/review-accuracy.sh [BUILD_FOLDER] [PATIENTS] [FRAMES] [EPOCHS]
# (defaults: build-bench and the default demo project and training, 16 patients, 300 frames
# each, up to 30 epochs: about 25 minutes of training on 2 cores, the run recorded in
# docs/benchmarks.md). The build folder needs -DIOUSLAB_BUILD_BENCHMARKS=ON.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build-bench}
patients=${2:-16}
frames=${3:-300}
epochs=${4:-30}
cmake --build "$build" --target iouslab bench_review
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/iouslab" demo --project "$work/project" --patients "$patients" --frames "$frames" --seed 1
"$build/iouslab" train --project "$work/project" --folds 4 --epochs "$epochs"
# New patients of another seed, in folders of their own so that no name meets a demo patient's.
"$build/iouslab" simulate --out "$work/cases" --patients 4 --frames "$frames" --seed 99
for folder in "$work"/cases/patient-*; do mv "$folder" "${folder/patient-/case-}"; done
sed -i 's/^patient-/case-/' "$work/cases/ground_truth.csv"
"$build/iouslab" import --project "$work/project" "$work/cases" || true
"$(find "$build" -name bench_review -type f -perm -u+x | head -1)" \
    --accuracy "$work/project" "$work/cases"
