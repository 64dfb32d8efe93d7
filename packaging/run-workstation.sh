#!/usr/bin/env bash
# Installs what is needed, builds iouslab, fills the default project with the simulated demo
# studies when it is empty (16 patients, two readers' labels), and opens the workstation on it.
# Extra arguments go to iouslab (for example --project DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh

build=build-release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIOUSLAB_BUILD_TESTS=OFF
cmake --build "$build" -j "$(nproc)" --target iouslab
"$build/iouslab" demo "$@"
exec "$build/iouslab" "$@"
