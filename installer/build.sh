#!/usr/bin/env bash
# Build the kiosk bundle: one folder with the program, its Python, Qt, assets, translations
# and the Noto Sans CJK font. Needs the environment of `bash installer/setup.sh` plus the
# `build` extra of pyproject.toml (PyInstaller), and fonts-noto-cjk on this machine.
#
#   bash installer/build.sh                       # -> dist/eldercare-kiosk/
#   bash installer/build.sh --dist DIR --work DIR # elsewhere (the tests build in a temp dir)
set -euo pipefail

cd "$(dirname "$0")/.."
dist=dist
work=build/pyinstaller
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: bash installer/build.sh [--dist DIR] [--work DIR]" >&2; exit 2 ;;
  esac
done

python=${PYTHON:-.venv/bin/python}
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  pinned=$("$python" -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["build"]))')
  echo "PyInstaller is missing: $python -m pip install $pinned" >&2
  exit 1
fi

started=$(date +%s)
"$python" -m i18n.build
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work" installer/kiosk.spec
bundle=$(cd "$dist/eldercare-kiosk" && pwd)
echo "Built in $(($(date +%s) - started)) s: $bundle ($(du -sh "$bundle" | cut -f1))"
echo "Start it with: $bundle/eldercare-kiosk --demo"
