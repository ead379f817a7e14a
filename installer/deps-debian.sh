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
    libmagic-dev libssl-dev zlib1g-dev libzstd-dev nlohmann-json3-dev libjemalloc-dev
    # endpoint artifact parsers (libyal)
    libbfio-dev libscca-dev liblnk-dev libolecf-dev libregf-dev libfsntfs-dev libmsiecf-dev
    # endpoint artifacts: event logs and XML
    libevtx-dev libevt-dev libexpat1-dev
    # mail parsers: MIME, TNEF (winmail.dat); libpsl/libidn2 are listed with detection
    libgmime-3.0-dev libytnef0-dev
    # Outlook PST/OST (libpff; .msg uses libolecf above)
    libpff-dev
    # independent tools the tests and benchmarks compare against
    sqlite3 yara libarchive-tools openssl python3 file grep
    # report tests read the PDF back with pdftotext/pdfinfo/pdftoppm; DejaVu is the report font
    poppler-utils fonts-dejavu-core
    # EVTX record counts and the EVTX benchmark compare against evtxexport
    libevtx-utils bc
    # detection: OpenIOC XML, IDNA, public suffix list, Hyperscan (needs SSSE3)
    libxml2-dev libidn2-dev libpsl-dev libhyperscan-dev
    # PST item counts and the PST benchmark compare against pffexport and readpst
    pff-tools pst-utils
)

apt-get install -y --no-install-recommends "${packages[@]}"
