#!/usr/bin/env bash
# Make sure the system libraries and fonts briefgen renders with are present (Debian/Ubuntu).
set -euo pipefail

packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0   # WeasyPrint's text stack
  fontconfig fonts-dejavu-core fonts-noto-core                          # Latin, Cyrillic, Greek, Arabic…
  fonts-wqy-microhei fonts-noto-color-emoji                             # Chinese, emoji
  poppler-utils                                                         # pdftoppm, for page images
)
# The tests also open the HTML page and the workspace in a real browser.
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "briefgen needs these system packages, and this is not a Debian-like system: ${missing[*]}" >&2
  echo "Install Pango (>= 1.44), HarfBuzz with its subset library, and Noto fonts, then run again." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Missing system packages: ${missing[*]}. Run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
