#!/usr/bin/env bash
# Installs every Debian 12 package iouslab needs to build, test and run.
# Non-interactive and safe to run more than once. Run as root (or with sudo available).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git clang-format
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libqt6charts6-dev libqt6svg6-dev
    libqt6sql6-sqlite qt6-qpa-plugins libgl-dev
    libsqlite3-dev
    libdcmtk-dev dcmtk
    libopencv-dev
    libopenjp2-7-dev
    libssl-dev
    libtorch-dev
    catch2
    ffmpeg
    # Tests: reference implementations the tests compare against, the fuzzer's compiler.
    python3 python3-numpy python3-scipy python3-sklearn python3-torch
    clang libclang-rt-14-dev libfuzzer-14-dev
    # Screenshots and reports looked at under a virtual display.
    xvfb xauth x11-apps imagemagick poppler-utils
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
