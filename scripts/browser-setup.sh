#!/usr/bin/env bash
# Headless Chromium and the Noto fonts for the browser tests of pages in Indian scripts,
# from Debian bookworm's own packages, idempotently (nothing is installed twice; the system's
# apt sources are never edited). Cost measured in docs/consent-languages.md.
#
#   scripts/browser-setup.sh          install chromium and fonts-noto-core if missing
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in chromium fonts-noto-core; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[browser-setup] chromium $(dpkg-query -W -f='${Version}' chromium) and fonts-noto-core already installed"
  exit 0
fi
echo "[browser-setup] installing: ${missing[*]}"
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[browser-setup] chromium $(dpkg-query -W -f='${Version}' chromium) installed"
