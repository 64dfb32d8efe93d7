#!/usr/bin/env bash
# Takes the workstation screenshots of docs/screenshots under a virtual X server: makes a
# simulated demo project (two readers' labels, so there are disagreements to adjudicate),
# opens the real window on it as a project lead, and lets the window grab itself and its
# review dialogs (IOUSLAB_SCREENSHOTS), then quit.
# Usage: packaging/screenshots.sh [BUILD_FOLDER] (default build); needs xvfb-run and pdftoppm.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
cmake --build "$build" --target iouslab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# IOUSLAB_SCREENSHOT_PROJECT names a project to take them from instead (the tour adds a few
# labels to it): the screenshots in docs/ are of the default demo project after
# `bench_quality --project DIR` and a second `iouslab train --seed 2`, whose figures are the
# study's; the small project made here is quicker (minutes) but its model is barely trained.
project=${IOUSLAB_SCREENSHOT_PROJECT:-}
if [ -z "$project" ]; then
    project="$work/project"
    "$build/iouslab" demo --project "$project" --patients 6 --frames 120 --seed 7
    # Two quick model versions, so the evaluation dashboard has figures and a comparison.
    "$build/iouslab" train --project "$project" --epochs 2
    "$build/iouslab" train --project "$project" --epochs 2 --seed 2
fi
# The lead's window shows every reader's labels, the reference band and the review dialogs.
IOUSLAB_SCREENSHOTS="$PWD/docs/screenshots" IOUSLAB_READER=lead IOUSLAB_READER_ROLE=project_lead \
    XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb \
    timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/iouslab" --project "$project"
# The latest version's PDF report, one PNG a page (summary, plots, patients).
"$build/iouslab" evaluate --project "$project" --report "$work/report.pdf" >/dev/null
pdftoppm -png -r 60 "$work/report.pdf" "$work/report"
cp "$work/report-1.png" docs/screenshots/evaluation-report.png
cp "$work/report-2.png" docs/screenshots/evaluation-report-plots.png
cp "$work/report-3.png" docs/screenshots/evaluation-report-patients.png
# The case review's screenshots need a model trained a little longer.
bash packaging/review-screenshots.sh "$build"
ls -l docs/screenshots
