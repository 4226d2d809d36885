#!/usr/bin/env bash
# One-command set-up on a fresh machine (Linux/Debian; on Windows and macOS
# run `npm ci` alone). Installs the system packages the project uses —
# libusb (node-hid's prebuilt binary links it) and Chromium with fonts (the
# browser-mode end-to-end tests) — then the npm packages, which include a
# Node 22 binary that every project script runs on, and builds dist/.
# poppler-utils (pdftotext, pdftoppm), sqlite3, squid and openssl are used
# by the integration tests against real tools.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null; then
  need=()
  for pkg in libusb-1.0-0 chromium fonts-liberation poppler-utils sqlite3 squid openssl; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "setup: installing system packages: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
fi

npm ci --no-audit --no-fund
