#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of Harrier on Debian 12.
# Run as root (or through sudo). Safe to run again: apt-get skips what is present.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    exec sudo "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git
    # GUI and its tests
    qt6-base-dev qt6-base-dev-tools libgl-dev xvfb xauth
    # core libraries
    libsqlite3-dev libyara-dev libarchive-dev libspdlog-dev libfmt-dev
    libmagic-dev libssl-dev zlib1g-dev libzstd-dev nlohmann-json3-dev
    # endpoint artifact parsers (libyal)
    libbfio-dev libscca-dev liblnk-dev libolecf-dev libregf-dev libfsntfs-dev libmsiecf-dev
    # endpoint artifacts: event logs and XML
    libevtx-dev libevt-dev libexpat1-dev
    # independent tools the tests and benchmarks compare against
    sqlite3 yara libarchive-tools openssl python3 file
    # report tests read the PDF back with pdftotext/pdfinfo/pdftoppm; DejaVu is the report font
    poppler-utils fonts-dejavu-core
    # EVTX record counts and the EVTX benchmark compare against evtxexport
    libevtx-utils bc
)

apt-get install -y --no-install-recommends "${packages[@]}"
