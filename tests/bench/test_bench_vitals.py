"""``python -m bench vitals`` runs as the runner runs it and prints one JSON object with a
parse rate for every characteristic; the realistic values it times are all valid."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.devices import CHARACTERISTICS, ParseError
from app.devices.profiles import parse
from bench.vitals import MAKERS, realistic_vectors

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_realistic_values_parse_and_are_the_same_for_a_seed() -> None:
    for uuid in MAKERS:
        vectors = realistic_vectors(uuid, 300, seed=1)
        assert vectors == realistic_vectors(uuid, 300, seed=1)
        for data in vectors:
            try:
                parse(uuid, data)
            except ParseError as error:  # pragma: no cover - the failure's message
                pytest.fail(f"{CHARACTERISTICS[uuid].name} {data.hex()}: {error}")


@pytest.mark.slow  # a child process
def test_vitals_bench_prints_a_parse_rate_per_characteristic() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "vitals", "--vectors", "200", "--rounds", "1"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout
    result = json.loads(lines[0])
    names = {c.name for c in CHARACTERISTICS.values()}
    assert set(result["parse_per_s"]) == names
    assert all(rate > 0 for rate in result["parse_per_s"].values())
    assert set(result["reading_per_s"]) == names - {"glucose_measurement_context"}
    assert result["vectors_per_characteristic"] == 200
