#!/bin/bash
# Builds the DICOM fuzzer with clang (address and undefined-behaviour sanitizers) in its own
# build folder and runs it for SECONDS over a copy of the shared DICOM files as seed corpus.
# Findings (crash-*, leak-*, timeout-*) land in the build folder's artifacts/.
# Usage: tests/fuzz/run-fuzz.sh SECONDS [BUILD_FOLDER]
set -euo pipefail
seconds=${1:?usage: run-fuzz.sh SECONDS [BUILD_FOLDER]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build-fuzz}
data=${IOUSLAB_SHARED_DATA:-$root/../shared/data}

cc=$(command -v clang-14 || command -v clang)
cxx=$(command -v clang++-14 || command -v clang++)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target dicomfuzzer

corpus="$build/corpus"
mkdir -p "$corpus" "$build/artifacts"
# The seed corpus is a copy: libFuzzer adds the inputs it finds to it.
find "$data/dicom" -name '*.dcm' -exec cp -n {} "$corpus/" \;

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export QT_QPA_PLATFORM=offscreen
# FUZZ_RUNS (with the fixed seed) makes a run repeatable: the same inputs in the same order,
# as the test command needs; without it the run is bounded by time only.
limits=(-max_total_time="$seconds" -seed="${FUZZ_SEED:-1}")
[ -n "${FUZZ_RUNS:-}" ] && limits+=(-runs="$FUZZ_RUNS")
"$build/dicomfuzzer" "$corpus" "${limits[@]}" -timeout=20 -rss_limit_mb=2048 \
    -max_len=1200000 -artifact_prefix="$build/artifacts/" -print_final_stats=1
