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
# The lead's window shows every reader's labels, the reference band and the review dialogs.
IOUSLAB_SCREENSHOTS="$PWD/docs/screenshots" IOUSLAB_READER=lead IOUSLAB_READER_ROLE=project_lead \
    XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb \
    timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/iouslab" --project "$work/project"
ls -l docs/screenshots
