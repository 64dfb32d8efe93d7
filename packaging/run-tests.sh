#!/usr/bin/env bash
# Installs what is needed, builds iouslab from scratch in build-tests/ and runs every test.
# This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh

build=build-tests
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j "$(nproc)"

# A short libFuzzer run of the DICOM reader over the shared DICOM files (clang, ASan, UBSan);
# it fails the command if the fuzzer finds a crash.
bash tests/fuzz/run-fuzz.sh "${IOUSLAB_FUZZ_SECONDS:-60}" "$PWD/build-fuzz"

ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
