"""The console without a browser: both words tables have the same keys and every key the
pages use; the report's counting on a real (SQLite) center database; the form token and the
safe places to go next."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from server import reports, roles
from server.center import Center
from server.models import Device, Order, OrderHistory, SosEvent
from server.settings import Settings
from server.web import console, strings

TEMPLATES = Path(console.__file__).with_name("templates")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_both_languages_have_the_same_words() -> None:
    chinese, english = strings.table("zh_CN").words, strings.table("en_US").words
    assert set(chinese) == set(english)
    for key in chinese:
        places = set(re.findall(r"\{(\w+)\}", chinese[key]))
        assert places == set(re.findall(r"\{(\w+)\}", english[key])), key


def test_every_fixed_key_of_the_pages_is_in_the_tables() -> None:
    words = strings.table("en_US")
    used = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        # a key joined with a value ("sos.act_" ~ action) is checked by the browser tests
        used |= set(re.findall(r"""\bt\(["']([a-z_]+\.[a-z_.]*[a-z])["']\)""", text))
    used |= {key for _, key, _ in console.MENU}
    pages = Path(console.__file__).parent.glob("*.py")
    guarded = {a for f in pages for a in re.findall(r'page\("([a-z_.]+)"\)', f.read_text())}
    assert {"orders.act", "catalog.publish", "reports.read"} <= guarded
    used |= {f"action.{a}" for a in guarded} | {f"role.{r}" for r in roles.ROLES}
    missing = sorted(k for k in used if not words.has(k))
    assert not missing, missing


def test_an_unknown_language_is_chinese() -> None:
    assert strings.pick("fr_FR") == "zh_CN"
    assert strings.table("xx").language == "zh_CN"


@pytest.mark.parametrize(
    "wanted, goes_to",
    [
        ("/console/orders?state=sent", "/console/orders?state=sent"),
        ("//evil.example/console", "/console/"),
        ("https://evil.example/console/", "/console/"),
        ("/console\\@evil", "/console/"),
        ("/api/v1/staff/orders", "/console/"),
        (None, "/console/"),
    ],
)
def test_only_console_pages_are_places_to_go_next(wanted: str | None, goes_to: str) -> None:
    assert console.safe_next(wanted) == goes_to


def test_the_form_token_belongs_to_its_session() -> None:
    assert console.form_token("a") == console.form_token("a")
    assert console.form_token("a") != console.form_token("b")
    secret = "the session's secret"
    assert secret not in console.form_token(secret)


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Center]:
    made = Center(Settings(database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    yield made
    made.engine.dispose()


def _at(day: date, hour: int, minute: int = 0) -> float:
    from datetime import datetime

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI).timestamp()


def _iso(seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def test_the_reports_count_by_the_centers_clock(center: Center) -> None:
    day = date(2026, 3, 2)
    with center.sessions() as session:
        session.add(Device(id="d" * 36, name="hall", mode="kiosk", token_hash="h" * 64,
                           created_at=time.time()))  # fmt: skip
        rows = [
            # service, tier, price, status, received (hour), accepted after s, done after s
            ("meals", "free", 0, "done", (day, 0, 10), 60, 600),
            ("meals", "subsidised", 800, "accepted", (day, 23, 50), 120, None),
            ("cleaning", "full", 6000, "cancelled", (date(2026, 3, 3), 9), None, None),
            ("meals", "full", 1500, "sent", (date(2026, 3, 5), 9), None, None),  # outside
        ]
        for service, tier, price, status, when, accepted, done in rows:
            received = _at(*when)  # type: ignore[arg-type]
            order_id = str(uuid.uuid4())
            session.add(Order(id=order_id, device_id="d" * 36, resident_card="10001",
                              service_id=service, choices="{}", quantity=1, price_fen=price,
                              status=status, created_at="x", updated_at="x", subsidy_tier=tier,
                              received_at=received))  # fmt: skip
            session.flush()
            for step, after in (("accepted", accepted), ("done", done)):
                if after is not None:
                    session.add(OrderHistory(order_id=order_id, status=step, actor="staff:w",
                                             at=_iso(received + after)))  # fmt: skip
        taken = _iso(_at(day, 8) + 45)
        session.add(SosEvent(id=str(uuid.uuid4()), device_id="d" * 36, location="hall",
                             raised_at="1970-01-01T00:00:00+00:00", received_at=_at(day, 8),
                             acknowledged_at=taken, acknowledged_by="w"))  # fmt: skip
        session.commit()
        span = reports.period("2026-03-02", "2026-03-04", SHANGHAI)
        report = reports.report(session, span, {"meals": 1500, "cleaning": 6000})
    by_service = {s.service_id: s for s in report.per_service}
    assert by_service["meals"].orders == 2 and by_service["meals"].charged_fen == 800
    assert by_service["cleaning"].cancelled == 1 and by_service["cleaning"].charged_fen == 0
    # 00:10 and 23:50 on the 2nd in Shanghai are both the 2nd, whatever UTC says.
    assert [(d.day.day, d.orders, d.cancelled) for d in report.per_day] == [
        (2, 2, 0),
        (3, 1, 1),
        (4, 0, 0),
    ]
    assert report.to_accepted.count == 2 and report.to_accepted.max_s == pytest.approx(120)
    assert report.to_done.count == 1 and report.to_done.median_s == pytest.approx(600)
    assert report.sos.raised == 1 and report.sos.to_acknowledged.median_s == pytest.approx(45)
    tiers = {t.tier: t for t in report.per_tier}
    assert tiers["free"].subsidy_fen == 1500 and tiers["subsidised"].subsidy_fen == 700
    assert "full" not in tiers  # its only order in the period was cancelled


@pytest.mark.parametrize(
    "first, last, code",
    [
        ("2026-03-05", "2026-03-01", "backwards"),
        ("2026-13-01", "2026-13-02", "bad_date"),
        ("2024-01-01", "2026-01-01", "too_long"),
    ],
)
def test_a_bad_period_is_refused_with_a_reason(first: str, last: str, code: str) -> None:
    with pytest.raises(reports.PeriodProblem) as refused:
        reports.period(first, last, SHANGHAI)
    assert refused.value.code == code
