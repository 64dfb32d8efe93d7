#!/usr/bin/env bash
# Takes the review mode's screenshots (docs/screenshots/review-*.png, and the case summary PDF
# as review-case-summary.png) under a virtual X server: a simulated demo project, the compact
# model trained on it (a few minutes on 2 cores), and the case with the most events reviewed by
# a new surgeon who accepts one event and rejects the next.
# Usage: packaging/review-screenshots.sh [BUILD_FOLDER] (default build); needs xvfb-run and
# pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
cmake --build "$build" --target iouslab test_reviewmode
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/iouslab" demo --project "$work/project" --patients 8 --frames 150 --seed 21
"$build/iouslab" train --project "$work/project" --folds 4 --epochs 6
mkdir -p docs/screenshots
IOUSLAB_REVIEW_PROJECT="$work/project" IOUSLAB_SCREENSHOTS="$PWD/docs/screenshots" \
    XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb \
    timeout 900 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$(find "$build" -name test_reviewmode -type f -perm -u+x | head -1)" "[.screenshots]"
pdftoppm -png -r 80 -singlefile docs/screenshots/review-case-summary.pdf \
    docs/screenshots/review-case-summary
rm docs/screenshots/review-case-summary.pdf
ls -l docs/screenshots/review*
