#!/usr/bin/env bash
# Installs what is needed, builds iouslab from scratch in build-tests/ and runs every test.
# This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh

build=build-tests
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j "$(nproc)"

# ctest includes io.fuzz_short: a libFuzzer run of the DICOM reader (clang, ASan, UBSan) over
# the shared DICOM files, 15,000 inputs from a fixed seed and at most 60 s (about 20 s here),
# which fails on any crash the fuzzer finds.
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
