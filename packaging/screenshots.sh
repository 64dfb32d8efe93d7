#!/usr/bin/env bash
# Takes the workstation screenshots of docs/screenshots under a virtual X server: makes a
# simulated demo project (two readers' labels, so there are disagreements to adjudicate),
# opens the real window on it as a project lead, and lets the window grab itself and its
# review dialogs (IOUSLAB_SCREENSHOTS), then quit.
# Usage: packaging/screenshots.sh [BUILD_FOLDER] (default build); needs xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
cmake --build "$build" --target iouslab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/iouslab" demo --project "$work/project" --patients 6 --frames 120 --seed 7
# Two quick model versions, so the evaluation dashboard has figures and a comparison to show.
"$build/iouslab" train --project "$work/project" --epochs 2
"$build/iouslab" train --project "$work/project" --epochs 2 --seed 2
# The lead's window shows every reader's labels, the reference band and the review dialogs.
IOUSLAB_SCREENSHOTS="$PWD/docs/screenshots" IOUSLAB_READER=lead IOUSLAB_READER_ROLE=project_lead \
    XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb \
    timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/iouslab" --project "$work/project"
# The case review's screenshots need a model trained a little longer.
bash packaging/review-screenshots.sh "$build"
ls -l docs/screenshots
