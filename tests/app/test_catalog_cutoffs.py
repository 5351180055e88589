"""Cut-offs and days in the catalog (app.catalog.availability): read as the center reads them,
judged at a moment passed in, in the catalog's time zone, and in agreement with the center's
own refusals (server/pricing.py) at every moment."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.catalog import (
    NOT_OFFERED_TODAY,
    PAST_CUTOFF,
    SHIPPED_CATALOG,
    Availability,
    Catalog,
    CatalogError,
    availability,
    parse_catalog,
    valid_answers,
)
from server.pricing import Refusal, parse_rules, price_order
from sync.protocol import OrderCreate

SHANGHAI = ZoneInfo("Asia/Shanghai")
SOURCE = Path("center/catalog.toml")


def shanghai(hour: int, minute: int = 0, day: int = 9) -> datetime:
    """A moment on 2026-06-<day> (the 9th a Tuesday) in the center's time zone, as UTC."""
    return datetime(2026, 6, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def catalog_with(service_extra: str = "", option_until: str = "", header: str = "") -> Catalog:
    text = f"""
version = 1
{header}
[choices.meal]
title_zh = "订哪一餐？"
title_en = "Which meal?"
options = [
    {{ id = "today_lunch", zh = "今天午餐", en = "Lunch today" {option_until} }},
    {{ id = "tomorrow_lunch", zh = "明天午餐", en = "Lunch tomorrow" }},
]

[[services]]
id = "meals"
icon = "meals.svg"
name_zh = "助餐"
name_en = "Meals"
description_zh = "送餐"
description_en = "Meals"
choices = ["meal"]
price_fen = {{ full = 1500, subsidised = 800, free = 0 }}
{service_extra}
"""
    return parse_catalog(text, SOURCE)


# -- reading them ----------------------------------------------------------------------------


def test_the_shipped_catalog_has_the_meal_cutoffs_in_shanghai_time(catalog: Catalog) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    assert str(catalog.timezone) == "Asia/Shanghai" == str(meals.timezone)
    meal = meals.choices[0]
    cutoffs = {o.id: o.until for o in meal.options}
    assert cutoffs == {
        "today_lunch": time(10, 0),
        "today_dinner": time(16, 0),
        "tomorrow_lunch": None,
        "tomorrow_dinner": None,
    }
    assert meals.until is None and meals.days == frozenset(range(7))


def test_days_and_a_service_cutoff_are_read() -> None:
    catalog = catalog_with('days = ["mon", "wed"]\nuntil = "16:30"')
    meals = catalog.service("meals")
    assert catalog.problems == []
    assert meals is not None
    assert meals.days == frozenset({0, 2})
    assert meals.until == time(16, 30)


@pytest.mark.parametrize(
    ("service_extra", "option_until", "header", "where", "words"),
    [
        ('until = "25:00"', "", "", "service 'meals'", "'until'"),
        ("until = 10", "", "", "service 'meals'", "'until'"),
        ('days = ["monday"]', "", "", "service 'meals'", "'days'"),
        ("days = []", "", "", "service 'meals'", "'days'"),
        ("", ', until = "10h"', "", "choices.meal", "'until'"),
    ],
)
def test_a_wrong_cutoff_or_day_leaves_the_service_out_and_says_where(
    service_extra: str, option_until: str, header: str, where: str, words: str
) -> None:
    # The only service was left out: nothing usable, and the problem names the place.
    with pytest.raises(CatalogError) as raised:
        catalog_with(service_extra, option_until, header)
    problems = raised.value.problems
    assert any(where in p.where and words in p.message for p in problems), problems


def test_a_wrong_time_zone_is_named_and_the_center_s_usual_one_used() -> None:
    catalog = catalog_with(header='timezone = "Mars/Olympus"')
    assert [p.message for p in catalog.problems if "timezone" in p.message]
    assert str(catalog.timezone) == "Asia/Shanghai"
    assert catalog.service("meals") is not None


def test_a_catalog_in_another_time_zone_is_judged_in_it() -> None:
    catalog = catalog_with(option_until=', until = "10:00"', header='timezone = "Europe/Berlin"')
    meals = catalog.service("meals")
    assert meals is not None
    berlin = ZoneInfo("Europe/Berlin")
    nine = datetime(2026, 6, 9, 9, 0, tzinfo=berlin)
    assert availability(meals, nine, {"meal": "today_lunch"}).open
    # 10:00 in Shanghai is 04:00 in Berlin: still open there.
    assert availability(meals, shanghai(10), {"meal": "today_lunch"}).open
    assert not availability(meals, nine + timedelta(hours=1), {"meal": "today_lunch"}).open


# -- judging a moment ------------------------------------------------------------------------


def test_today_s_lunch_closes_at_ten_sharp_and_tomorrow_s_stays_open(catalog: Catalog) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    lunch, tomorrow = {"meal": "today_lunch"}, {"meal": "tomorrow_lunch"}
    assert availability(meals, shanghai(9, 59), lunch) == Availability(True, time(10, 0))
    assert availability(meals, shanghai(10, 0), lunch) == Availability(
        False, time(10, 0), PAST_CUTOFF
    )
    assert availability(meals, shanghai(23, 59), tomorrow) == Availability(True, None)
    # The service alone has no cut-off.
    assert availability(meals, shanghai(23, 59)).open


def test_the_day_is_the_center_s_not_utc_s(catalog: Catalog) -> None:
    """00:30 on Wednesday in Shanghai is still Tuesday in UTC: a Wednesday-only service is
    open, and today's lunch (for Wednesday) too."""
    only_wednesday = catalog_with('days = ["wed"]').service("meals")
    assert only_wednesday is not None
    wednesday_early = shanghai(0, 30, day=10)
    assert wednesday_early.weekday() == 1  # Tuesday in UTC
    assert availability(only_wednesday, wednesday_early).open
    tuesday = availability(only_wednesday, shanghai(12))
    assert tuesday == Availability(False, None, NOT_OFFERED_TODAY)


def test_a_moment_without_a_zone_is_taken_as_utc(catalog: Catalog) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    naive = datetime(2026, 6, 9, 2, 0)  # 10:00 in Shanghai
    assert not availability(meals, naive, {"meal": "today_lunch"}).open


def test_the_earlier_of_the_service_s_and_the_answer_s_cutoff_applies() -> None:
    meals = catalog_with('until = "09:00"', ', until = "10:00"').service("meals")
    assert meals is not None
    state = availability(meals, shanghai(9, 30), {"meal": "today_lunch"})
    assert state == Availability(False, time(9, 0), PAST_CUTOFF)
    assert availability(meals, shanghai(8), {"meal": "today_lunch"}).until == time(9, 0)


def test_answers_said_ahead_past_their_cutoff_are_asked_again(catalog: Catalog) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    said = {"meal": "today_lunch", "portions": "2"}
    assert valid_answers(meals, said, shanghai(9)) == said
    assert valid_answers(meals, said, shanghai(11)) == {"portions": "2"}
    assert valid_answers(meals, said) == said  # no moment: options only


# -- the kiosk and the center agree ----------------------------------------------------------

SHIPPED_RULES = parse_rules(SHIPPED_CATALOG.read_text(encoding="utf-8"))
DAYS_RULES_TEXT = SHIPPED_CATALOG.read_text(encoding="utf-8").replace(
    'id = "cleaning"', 'id = "cleaning"\ndays = ["mon", "thu", "sat"]\nuntil = "17:30"'
)


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
    service_index=st.integers(min_value=0, max_value=8),
    option_index=st.integers(min_value=0, max_value=3),
)
def test_the_kiosk_offers_exactly_what_the_center_takes(
    moment: datetime, service_index: int, option_index: int
) -> None:
    catalog = parse_catalog(DAYS_RULES_TEXT, SOURCE)
    rules = parse_rules(DAYS_RULES_TEXT)
    service = catalog.services[service_index]
    choices = {c.id: c.options[min(option_index, len(c.options) - 1)].id for c in service.choices}
    order = OrderCreate(
        order_id=uuid.uuid4(),
        resident_card="10001",
        service_id=service.id,
        choices=choices,
        quantity=1,
        price_fen=0,
        subsidy_tier="free",
        created_at=moment.isoformat(),
    )
    kiosk = availability(service, moment, choices)
    try:
        price_order(rules, order, ("free", True), moment.timestamp())
        center = None
    except Refusal as refusal:
        center = refusal.code
    assert kiosk.reason == center, (service.id, choices, moment, kiosk)
    assert SHIPPED_RULES.timezone.key == catalog.timezone.key
