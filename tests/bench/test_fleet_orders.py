"""The benchmark fleet's orders are ones the center takes: priced by server.pricing with the
default catalog and the register the fleet writes, at any hour of any day of the week, at the
price and tier the kiosk sent (so the center logs no disagreement), and spread over several
services."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from bench.fleet import (
    FLEET_RESIDENTS,
    fleet_card,
    order_payload,
    orderable_services,
    sync_body,
    tier_of,
)
from server.pricing import Refusal, parse_rules, price_order
from server.residents import DEMO_RESIDENTS
from server.settings import DEFAULT_CATALOG
from sync.protocol import OrderCreate

RULES = parse_rules(DEFAULT_CATALOG.read_text(encoding="utf-8"))
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def register(card: str) -> tuple[str, bool]:
    """The (tier, active) the center's register holds for a card the fleet writes."""
    return tier_of(card), True


@pytest.mark.parametrize("hour", range(0, 24 * 7, 5))
def test_every_order_is_taken_at_the_price_sent_at_any_hour(hour: int) -> None:
    now = (MONDAY + timedelta(hours=hour, minutes=37)).timestamp()
    rng = random.Random(hour)
    for index in range(40):
        card = fleet_card(index * 131)
        payload = order_payload(rng, card, now)
        priced = price_order(RULES, OrderCreate.model_validate(payload), register(card), now)
        assert (priced.price_fen, priced.subsidy_tier, priced.quantity) == (
            payload["price_fen"],
            payload["subsidy_tier"],
            payload["quantity"],
        ), payload


def test_sync_bodies_carry_orders_the_center_takes_for_demo_residents_too() -> None:
    rng = random.Random(7)
    now = (MONDAY + timedelta(hours=3)).timestamp()  # 11:00 in Shanghai: lunch is closed
    orders = []
    for _ in range(300):
        card = rng.choice([c for c, *_ in DEMO_RESIDENTS])
        for event in json.loads(sync_body(rng, card, now))["events"]:
            if event["kind"] == "order.create":
                orders.append(event["payload"])
    assert len(orders) > 20
    for payload in orders:
        card = payload["resident_card"]
        price_order(RULES, OrderCreate.model_validate(payload), register(card), now)
    assert len({o["service_id"] for o in orders}) >= 3
    assert {o["subsidy_tier"] for o in orders} == {"free", "subsidised", "full"}


def test_the_fleets_cards_are_its_own_and_take_every_tier() -> None:
    cards = {fleet_card(i) for i in range(3 * FLEET_RESIDENTS)}
    assert len(cards) == FLEET_RESIDENTS
    assert not cards & {c for c, *_ in DEMO_RESIDENTS}
    assert {tier_of(c) for c in cards} == {"free", "subsidised", "full"}


def test_only_what_can_be_ordered_at_any_hour_is_offered() -> None:
    offered = {o.service_id: o for o in orderable_services()}
    assert "meals" in offered
    assert "today_lunch" not in offered["meals"].answers["meal"]  # closes at 10:00
    assert offered["meals"].quantity_list == "portions"


def test_the_old_fleets_order_is_refused() -> None:
    """The control: the order the fleet used to send is one the center refuses."""
    old = OrderCreate.model_validate(
        {
            "order_id": "00000000-0000-4000-8000-000000000001",
            "resident_card": "10001",
            "service_id": "meal_lunch",
            "choices": {"portion": "normal"},
            "quantity": 1,
            "price_fen": 1200,
            "subsidy_tier": "subsidised",
            "created_at": MONDAY.isoformat(),
        }
    )
    with pytest.raises(Refusal) as refused:
        price_order(RULES, old, ("free", True), MONDAY.timestamp())
    assert refused.value.code == "unknown_service"
