"""Fixtures for the domain core: a fresh store, the shipped catalog and the demo residents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.catalog import Catalog, load_catalog
from app.demo import DEMO_RESIDENTS, seed_demo
from app.people import Resident, find_by_card
from app.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A migrated store in its own file, closed when the test ends."""
    opened = Store(tmp_path / "kiosk.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def catalog() -> Catalog:
    """The catalog shipped in assets/catalog, which must load without problems."""
    shipped = load_catalog()
    assert shipped.problems == []
    return shipped


@pytest.fixture
def residents(store: Store) -> dict[str, Resident]:
    """The demo residents, seeded into ``store``, by card number."""
    seed_demo(store)
    found: dict[str, Resident] = {}
    for card, *_ in DEMO_RESIDENTS:
        resident = find_by_card(store, card)
        assert resident is not None
        found[card] = resident
    return found
