"""Start-up: wall time to the first painted frame, the kiosk against a bare PySide6 window.

Each run starts a fresh Python process and measures from just before ``Popen`` to the moment
the process prints ``first-frame`` (after its first paint), so interpreter start-up and all
imports are included. The two programs alternate (bare, kiosk, bare, kiosk, ...) so that a
machine getting slower or faster over the run affects both alike. One warm-up run of each is
not counted: it creates the demo database, compiles translations and fills caches.

Bytecode: an installed kiosk runs from compiled ``.pyc`` files (the PyInstaller bundle), so by
default the programs get a private ``PYTHONPYCACHEPREFIX`` in the temporary folder, filled by
the warm-up (nothing is written into the source tree, and ``PYTHONDONTWRITEBYTECODE`` is
ignored). ``--bytecode source`` keeps this process's setting instead, which on a checkout with
``PYTHONDONTWRITEBYTECODE=1`` means compiling every kiosk module on every start.

    python -m bench startup [--runs 7] [--platform offscreen|xcb] [--bytecode cached|source]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.stats import median

REPO_ROOT = Path(__file__).resolve().parent.parent
BARE_SCRIPT = Path(__file__).resolve().parent / "bare_window.py"
KIOSK_SCRIPT = REPO_ROOT / "main.py"
GOAL_RATIO = 2.0


class StartupFailed(RuntimeError):
    """A program under test did not print its first-frame line."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each (at least 5)")
    parser.add_argument(
        "--platform",
        choices=("offscreen", "xcb"),
        default="offscreen",
        help="Qt platform plugin; xcb needs DISPLAY",
    )
    parser.add_argument(
        "--bytecode",
        choices=("cached", "source"),
        default="cached",
        help="cached: private .pyc cache filled by the warm-up; source: inherit the environment",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per start")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if args.platform == "xcb" and not os.environ.get("DISPLAY"):
        parser.error("--platform xcb needs DISPLAY to be set")
    return args


def child_environment(platform: str, home: Path, bytecode: str) -> dict[str, str]:
    """The environment of every started program: this one's, minus kiosk settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ELDERKIOSK_")}
    env["ELDERKIOSK_HOME"] = str(home / "kiosk")
    env["QT_QPA_PLATFORM"] = platform
    if "CREDENTIALS_DIRECTORY" not in env:
        # The kiosk's database key, as its systemd unit gives it (app.privacy.key): on a
        # machine with no keyring the kiosk does not start without one.
        credentials = home / "credentials"
        credentials.mkdir(exist_ok=True)
        key_file = credentials / "eldercare-kiosk-database-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32), encoding="ascii")
        env["CREDENTIALS_DIRECTORY"] = str(credentials)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if bytecode == "cached":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def time_first_frame(command: list[str], env: dict[str, str], timeout: float) -> dict[str, float]:
    """Start ``command``; seconds from Popen to its ``first-frame`` line, and its own figure."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            assert process.stdout is not None
            wall = in_process = None
            for line in process.stdout:
                if line.startswith("first-frame "):
                    wall = time.perf_counter() - started
                    in_process = float(line.split()[1])
                    break
            process.stdout.read()  # let it finish shutting down before the next start
            code = process.wait()
        finally:
            watchdog.cancel()
        if wall is None or in_process is None:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise StartupFailed(f"{' '.join(command)} exited {code} without a frame:\n{tail}")
        if code != 0:
            print(f"note: {command[-1]} exited with {code} after its frame", file=sys.stderr)
    return {"wall": wall, "in_process": in_process}


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="kiosk-bench-startup-"))
    env = child_environment(args.platform, home, args.bytecode)
    programs = {
        "bare": [sys.executable, str(BARE_SCRIPT)],
        "kiosk": [sys.executable, str(KIOSK_SCRIPT), "--demo", "--exit-after-first-frame"],
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
    try:
        for name, command in programs.items():
            warm = time_first_frame(command, env, args.timeout)
            print(f"warm-up {name}: {warm['wall']:.3f} s", file=sys.stderr)
        for index in range(args.runs):
            for name, command in programs.items():
                timing = time_first_frame(command, env, args.timeout)
                results[name].append(timing)
                print(
                    f"run {index + 1}/{args.runs} {name}: {timing['wall']:.3f} s wall,"
                    f" {timing['in_process']:.3f} s in process",
                    file=sys.stderr,
                )
    finally:
        shutil.rmtree(home, ignore_errors=True)

    bare_all = [round(r["wall"], 4) for r in results["bare"]]
    kiosk_all = [round(r["wall"], 4) for r in results["kiosk"]]
    bare_inner = [r["in_process"] for r in results["bare"]]
    kiosk_inner = [r["in_process"] for r in results["kiosk"]]
    bare_s, kiosk_s = median(bare_all), median(kiosk_all)
    return {
        "bare_s": round(bare_s, 4),
        "kiosk_s": round(kiosk_s, 4),
        "ratio": round(kiosk_s / bare_s, 3),
        "runs": args.runs,
        "bare_all": bare_all,
        "kiosk_all": kiosk_all,
        "bare_in_process_s": round(median(bare_inner), 4),
        "kiosk_in_process_s": round(median(kiosk_inner), 4),
        "bare_in_process_all": bare_inner,
        "kiosk_in_process_all": kiosk_inner,
        "goal_ratio": GOAL_RATIO,
        "platform": args.platform,
        "bytecode": args.bytecode,
    }
