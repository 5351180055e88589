"""Residents: card numbers as typed or read, masked names and phones, demo residents."""

from __future__ import annotations

import pytest

from app.demo import DEMO_RESIDENTS, seed_demo
from app.people import (
    InvalidCard,
    Resident,
    add_resident,
    find_by_card,
    get_resident,
    mask_name,
    mask_phone,
    normalise_card,
)
from app.store import Store, StoreError
from tests.helpers.queries import count_rows


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10001", "10001"),
        ("1000 1", "10001"),
        ("10001\n", "10001"),
        (" 10001\r\n", "10001"),
        ("1000-1", "10001"),
        ("6222 0210-0112 3456", "6222021001123456"),
        ("1\t2 3-4", "1234"),
        ("1234", "1234"),
        ("1" * 20, "1" * 20),
    ],
)
def test_card_numbers_lose_spaces_and_dashes(raw: str, expected: str) -> None:
    assert normalise_card(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "\n", "abc", "1000a", "ABCD1", "10.01", "123", "1" * 21, "+10001", "--"],
)
def test_things_that_are_not_card_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidCard):
        normalise_card(raw)


def test_find_by_card_accepts_a_card_as_typed(store: Store, residents: dict[str, Resident]) -> None:
    assert find_by_card(store, " 1000-2\n") == residents["10002"]
    assert find_by_card(store, "99999") is None
    with pytest.raises(InvalidCard):
        find_by_card(store, "not a card")


def test_a_card_number_belongs_to_one_resident(store: Store) -> None:
    first = add_resident(store, card_number="5555 6666", name="周大妈", subsidy_tier="free")

    with pytest.raises(StoreError):
        add_resident(store, card_number="55556666", name="周大爷")

    assert get_resident(store, first.id) == first
    assert first.card_number == "55556666"
    assert count_rows(store, "residents") == 1


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张小华", "张*华"),
        ("欧阳小华", "欧**华"),
        ("张华", "张*"),
        ("张", "张"),
        ("Robert Smith", "R***** S****"),
        ("  Margaret Lee ", "M******* L**"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_names_are_masked_enough_to_recognise_oneself(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138-1234-1234", "138****1234"),
        ("65123456", "******56"),
        ("120", "*20"),
        ("12", "12"),
        ("", ""),
    ],
)
def test_phones_are_masked(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_seeding_the_demo_residents_twice_adds_them_once(store: Store) -> None:
    assert seed_demo(store) == len(DEMO_RESIDENTS)
    assert seed_demo(store) == 0

    assert count_rows(store, "residents") == len(DEMO_RESIDENTS)
    for card, name, phone, tier, language in DEMO_RESIDENTS:
        resident = find_by_card(store, card)
        assert resident is not None
        assert (resident.name, resident.phone, resident.subsidy_tier, resident.language) == (
            name,
            phone,
            tier,
            language,
        )


def test_the_demo_covers_every_tier_and_language(residents: dict[str, Resident]) -> None:
    assert {r.subsidy_tier for r in residents.values()} == {"free", "subsidised", "full"}
    assert {r.language for r in residents.values()} == {"zh_CN", "en_US"}
