"""``python -m bench NAME [options]``: run one benchmark and print its result as JSON."""

from __future__ import annotations

import importlib
import json
import os
import sys

from bench import BENCHMARKS


def usage() -> str:
    names = ", ".join(sorted(BENCHMARKS))
    return (
        "usage: python -m bench NAME [options]\n"
        f"benchmarks: {names}\n"
        "python -m bench NAME --help shows the options of one benchmark"
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        if argv and argv[0] not in ("-h", "--help"):
            print(f"unknown benchmark: {argv[0]}", file=sys.stderr)
        print(usage(), file=sys.stderr)
        return 2
    module = importlib.import_module(BENCHMARKS[argv[0]])
    # Whatever the benchmark or the code under test writes goes to stderr, even from C++
    # (Qt), so stdout carries exactly one JSON object.
    sys.stdout.flush()
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        result = module.run(argv[1:])
    finally:
        sys.stdout.flush()
        os.dup2(real_stdout, 1)
        os.close(real_stdout)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
