#!/usr/bin/env bash
# Installs what is needed, builds the benchmarks (Release) and runs each one. Every benchmark
# prints its figure beside the figure of the tool a user would otherwise use, measured in the
# same run, with the ratio. The output is also kept in build-bench/benchmarks.txt; the latest
# figures are recorded, with the date and the machine, in docs/benchmarks.md.
# Arguments: names of benchmarks to run (e.g. bench_import); default all.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh

build=build-bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIOUSLAB_BUILD_BENCHMARKS=ON
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    mapfile -t targets < <(cmake --build "$build" --target help | sed -n 's/^\(bench_[a-z_]*\):.*/\1/p' | sort -u)
fi
cmake --build "$build" -j "$(nproc)" --target iouslab "${targets[@]}"

out="$build/benchmarks.txt"
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
} | tee "$out"
for target in "${targets[@]}"; do
    binary=$(find "$build" -type f -name "$target" -perm -u+x | head -1)
    echo "== $target" | tee -a "$out"
    "$binary" 2>&1 | tee -a "$out"
done
