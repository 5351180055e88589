"""Benchmarks for the speed goals in docs/PERFORMANCE.md, each run as ``python -m bench NAME``.

Every benchmark is a module with ``run(argv) -> dict`` that parses its own options; the runner
prints the dict as one JSON object on stdout and sends progress to stderr.
"""

from __future__ import annotations

# Name -> module. Modules are imported only when chosen: the ui benchmark must set the Qt
# platform before PySide6 is loaded, and the startup one must not load Qt at all.
BENCHMARKS: dict[str, str] = {
    "startup": "bench.startup",
    "ui": "bench.ui",
    "sync": "bench.sync",
    "server": "bench.server",
    "sos": "bench.sos",
    "voice": "bench.voice",
    "understand": "bench.understand",
    "understand_cv": "bench.understand_cv",
    "vitals": "bench.vitals",
    "console": "bench.console",
    "call": "bench.call",
}
