#!/usr/bin/env bash
# Install what the kiosk needs on Debian 12: system packages, a Python environment in .venv/
# with the pinned dependencies, and the compiled translations.
#
#   bash installer/setup.sh          # to run the kiosk
#   bash installer/setup.sh --test   # also what the test suite needs (and PyInstaller)
set -euo pipefail

cd "$(dirname "$0")/.."
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

system_packages=(
  python3 python3-venv python3-pip
  espeak-ng libespeak-ng1 alsa-utils libpulse0 fonts-noto-cjk
  # Qt's xcb platform and what PySide6's wheels link against.
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libnss3 libxcomposite1 libxdamage1
  libxrandr2 libxtst6 libasound2
  # A virtual screen for machines without one.
  xvfb xauth
)
if [ "$with_tests" = 1 ]; then
  # sox measures speech audio; PostgreSQL runs the server tests a second time (the tests
  # start their own throwaway cluster on loopback, see server/pgtemp.py); systemd brings
  # systemd-analyze, which checks the kiosk's units (container images lack it); chromium
  # and its driver test the center's web pages (Playwright drives this browser, none is
  # downloaded); coturn is the TURN relay the calls' tests start on loopback.
  system_packages+=(sox postgresql systemd chromium chromium-driver firefox-esr coturn)
fi

missing=()
for package in "${system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip

# The dependencies are pinned once, in pyproject.toml.
# --test adds the test tools and the build extra (PyInstaller: tests/test_installer.py builds
# the bundle of installer/build.sh).
extras="[]"
[ "$with_tests" = 1 ] && extras='["test", "build"]'
.venv/bin/python - "$extras" > .venv/requirements.txt <<'PY'
import json, sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
wanted = list(project["dependencies"])
for extra in json.loads(sys.argv[1]):
    wanted += project["optional-dependencies"][extra]
print("\n".join(wanted))
PY
.venv/bin/python -m pip install -q -r .venv/requirements.txt

.venv/bin/python -m i18n.build
echo "Ready. Start the demo with: ./kiosk --demo"
