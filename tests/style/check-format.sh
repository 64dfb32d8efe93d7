#!/usr/bin/env bash
# Fails, naming the files, when a C++ file of the project is not formatted by .clang-format.
set -u
clang_format=${1:-clang-format}
bad=()
while IFS= read -r -d '' file; do
    if ! "$clang_format" --dry-run -Werror "$file" >/dev/null 2>&1; then
        bad+=("$file")
    fi
done < <(git ls-files -z -co --exclude-standard -- '*.cpp' '*.h')
if [ "${#bad[@]}" -gt 0 ]; then
    echo "Not formatted by .clang-format (run clang-format -i on them):"
    printf '  %s\n' "${bad[@]}"
    exit 1
fi
echo "all C++ files formatted"
