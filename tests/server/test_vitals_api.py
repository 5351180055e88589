"""Vital signs at the center over the real HTTP API, on SQLite and PostgreSQL: readings
stored once, an alerting one reaching staff live and their acknowledgement reaching the
kiosk, residents' own targets, and the FHIR export, with every kind of bad input answered
with a clear refusal.

Like tests/server/test_server_sos.py these share one real server per backend; each test keeps
to its own kiosk and its own resident cards (the staff socket hears every kiosk's alerts:
messages are picked by reading id).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
import requests

from sync.protocol import ReadingAck, ResidentTargets, StaffReadingAlert
from tests.helpers.center import HTTP_TIMEOUT, CenterProcess, EnrolledKiosk, StaffApi
from tests.helpers.center_vitals import (
    KIND_VALUES,
    alert_about,
    new_card,
    reading,
    valid_bundle,
    valid_outcome,
)
from tests.helpers.server_api import ONE_MIB, Device, assert_error, bearer, event
from tests.helpers.staff_socket import next_message, staff_socket

STAFF_SEES_WITHIN_S = 1.0


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    """One server per backend for this module (each test keeps to its own kiosk)."""
    return module_center


def send_readings(device: Device, *payloads: dict[str, Any]) -> list[dict[str, Any]]:
    answers = device.results([event("reading.record", p) for p in payloads])
    assert {a["status"] for a in answers} == {"applied"}, answers
    return answers


def updates_of_kind(device: Device, kind: str) -> list[dict[str, Any]]:
    page = device.updates()
    assert page.status_code == 200, page.text
    return [u["payload"] for u in page.json()["updates"] if u["kind"] == kind]


def fhir_get(center: CenterProcess, token: str | None, **params: Any) -> requests.Response:
    headers = bearer(token) if token else {}
    return requests.get(
        center.url + "/fhir/Observation", params=params, headers=headers, timeout=HTTP_TIMEOUT
    )


def assert_outcome(response: requests.Response, status: int, code: str) -> str:
    """A FHIR refusal: ``status``, an OperationOutcome with issue ``code``; its text."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/fhir+json")
    outcome = valid_outcome(response.json())
    assert outcome.issue[0].code == code
    text = outcome.issue[0].diagnostics
    assert text
    return str(text)


# -- the alert, end to end ----------------------------------------------------------------


def test_an_alerting_reading_reaches_staff_at_once_and_their_name_reaches_the_kiosk(
    center: CenterProcess, device: Device, staff_api: StaffApi, enrolled_kiosk: EnrolledKiosk
) -> None:
    card = new_card()
    high = reading("blood_pressure", card, systolic=182, diastolic=112, level="very_high")
    high["alert"] = True
    with staff_socket(center) as ws:
        next_message(ws, lambda m: m["type"] == "hello", 5, "the hello")
        sent = time.monotonic()
        [answer] = send_readings(device, high)
        raised = next_message(ws, alert_about(high["reading_id"], "raised"), 5, "the alert")
        took = time.monotonic() - sent
        assert took < STAFF_SEES_WITHIN_S, f"staff saw the alert after {took:.2f} s"
        alert = StaffReadingAlert.model_validate(raised["alert"])
        assert (alert.systolic, alert.diastolic, alert.level) == (182, 112, "very_high")
        assert (alert.resident_card, alert.kiosk, alert.device) == (
            card,
            "test kiosk",
            "BP-100 cuff",
        )
        assert alert.acknowledged_by is None
        assert raised["by"] == "device:test kiosk"
        assert answer["result"] == {"reading_id": high["reading_id"]}

        # Open alerts list it, newest first, until someone acknowledges it.
        listed = staff_api.get("/alerts", state="open").json()
        assert high["reading_id"] in [a["reading_id"] for a in listed]
        acked = staff_api.post(
            f"/alerts/{high['reading_id']}/ack", {"by": "护士 王芳", "note": "phoned her daughter"}
        )
        assert acked.status_code == 200, acked.text
        assert acked.json()["acknowledged_by"] == "护士 王芳"
        seen = next_message(
            ws, alert_about(high["reading_id"], "acknowledged"), 5, "the acknowledgement"
        )
        assert seen["by"] == "staff:Wang Fang" and seen["note"] == "phoned her daughter"

    # The kiosk that sent the reading hears who, exactly as sync.protocol.ReadingAck says.
    [told] = updates_of_kind(device, "reading.ack")
    ack = ReadingAck.model_validate(told)
    assert (str(ack.reading_id), ack.by, ack.note) == (
        high["reading_id"],
        "护士 王芳",
        "phoned her daughter",
    )

    # A second acknowledgement answers with the first and tells the kiosk nothing new.
    again = staff_api.post(f"/alerts/{high['reading_id']}/ack", {"by": "someone else"})
    assert again.status_code == 200
    assert again.json() == acked.json()
    assert len(updates_of_kind(device, "reading.ack")) == 1
    open_now = staff_api.get("/alerts", state="open").json()
    assert high["reading_id"] not in [a["reading_id"] for a in open_now]
    every = staff_api.get("/alerts", state="all").json()
    assert high["reading_id"] in [a["reading_id"] for a in every]


def test_an_acknowledgement_without_a_body_carries_the_staff_members_own_name(
    device: Device, staff_api: StaffApi
) -> None:
    low = reading("pulse_oximetry", new_card(), spo2=86, level="very_low", alert=True)
    send_readings(device, low)
    acked = staff_api.post(f"/alerts/{low['reading_id']}/ack")
    assert acked.status_code == 200, acked.text
    assert acked.json()["acknowledged_by"] == "Wang Fang"
    [told] = updates_of_kind(device, "reading.ack")
    assert told["by"] == "Wang Fang" and told["note"] == ""


def test_a_reading_that_does_not_alert_raises_nothing(
    center: CenterProcess, device: Device, enrolled_kiosk: EnrolledKiosk
) -> None:
    send_readings(device, reading("heart_rate", new_card(), pulse=70, level="normal"))
    mine = {"d": enrolled_kiosk.device_id}
    assert center.scalar("SELECT COUNT(*) FROM readings WHERE device_id = :d", **mine) == 1
    assert center.scalar("SELECT COUNT(*) FROM reading_alerts WHERE device_id = :d", **mine) == 0


def test_acknowledging_an_alert_the_center_does_not_have_is_a_404(staff_api: StaffApi) -> None:
    assert_error(staff_api.post(f"/alerts/{uuid.uuid4()}/ack", {}), 404, "not_found")
    assert_error(staff_api.post("/alerts/not-an-id/ack", {}), 422, "invalid")
    assert_error(staff_api.get("/alerts", state="closed"), 422, "invalid")


# -- stored once --------------------------------------------------------------------------


def test_a_reading_is_stored_once_however_often_it_is_sent(
    center: CenterProcess, device: Device, enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi
) -> None:
    card = new_card()
    alerting = reading("temperature", card, temperature_c=39.2, level="high", alert=True)
    plain = reading("weight", card)
    batch = [event("reading.record", alerting), event("reading.record", plain)]
    first = device.results(batch)
    again = device.results(batch)  # the same batch twice: the same events
    assert [(a["status"], a["duplicate"]) for a in again] == [("applied", True)] * 2
    # The same reading under new event ids (say, queued twice), in one batch and in two.
    copy = event("reading.record", alerting)
    twice = device.results([copy, event("reading.record", alerting)])
    later = device.results([event("reading.record", plain)])
    answers = [*first, *twice, *later]
    assert {a["status"] for a in answers} == {"applied"}
    assert [a["result"]["reading_id"] for a in answers] == [
        alerting["reading_id"],
        plain["reading_id"],
        alerting["reading_id"],
        alerting["reading_id"],
        plain["reading_id"],
    ]

    mine = {"d": enrolled_kiosk.device_id}
    rows = center.query("SELECT reading_id, event_id FROM readings WHERE device_id = :d", **mine)
    values = {r[0]: center.reading_values(r[0]) for r in rows}
    rows = [(r[0], r[1], values[r[0]]["temperature_c"], values[r[0]]["weight_kg"]) for r in rows]
    # Each reading once, under the first event that carried it, with its values (sealed).
    assert sorted(rows) == sorted(
        [
            (alerting["reading_id"], batch[0]["event_id"], 39.2, None),
            (plain["reading_id"], batch[1]["event_id"], None, 61.5),
        ]
    )
    assert center.scalar("SELECT COUNT(*) FROM reading_alerts WHERE device_id = :d", **mine) == 1
    steps = "SELECT COUNT(*) FROM reading_alert_steps WHERE reading_id = :r"
    assert center.scalar(steps, r=alerting["reading_id"]) == 1
    listed = [a for a in staff_api.get("/alerts").json() if a["resident_card"] == card]
    assert [a["reading_id"] for a in listed] == [alerting["reading_id"]]


def test_a_reading_with_bad_values_is_rejected_with_the_reason_and_stores_nothing(
    center: CenterProcess, device: Device, enrolled_kiosk: EnrolledKiosk
) -> None:
    card = new_card()
    missing = reading("blood_pressure", card)
    del missing["diastolic"]
    bad = [
        missing,
        reading("blood_pressure", card, systolic=400),
        reading("heart_rate", card, level="rather_high"),
        reading("temperature", card, temperature_c="warm"),
    ]
    answers = device.results([event("reading.record", p) for p in bad])
    assert [a["status"] for a in answers] == ["rejected"] * 4
    assert "needs diastolic" in answers[0]["error"]
    assert "systolic" in answers[1]["error"]
    assert "level" in answers[2]["error"]
    assert "temperature_c" in answers[3]["error"]
    mine = {"d": enrolled_kiosk.device_id}
    assert center.scalar("SELECT COUNT(*) FROM readings WHERE device_id = :d", **mine) == 0


# -- residents' own targets ---------------------------------------------------------------


def targets_body(card: str, *targets: dict[str, Any]) -> dict[str, Any]:
    return {"resident_card": card, "targets": list(targets)}


def test_staff_set_a_residents_targets_and_every_kiosk_gets_them(
    device: Device, staff_api: StaffApi
) -> None:
    card = new_card()
    send_readings(device, reading("blood_pressure", card))  # the center now knows them
    path = f"/residents/{card}/targets"
    assert staff_api.get(path).json() == {"resident_card": card, "targets": []}
    body = targets_body(
        card,
        {"value": "systolic", "low": 100, "high": 135},
        {"value": "spo2", "low": 92},
    )
    put = staff_api.session.put(staff_api.base + path, json=body, timeout=HTTP_TIMEOUT)
    assert put.status_code == 200, put.text
    stored = ResidentTargets.model_validate(staff_api.get(path).json())
    assert stored == ResidentTargets.model_validate(body)
    [told] = [t for t in updates_of_kind(device, "resident.targets") if t["resident_card"] == card]
    assert ResidentTargets.model_validate(told) == stored

    cleared = staff_api.session.put(
        staff_api.base + path, json=targets_body(card), timeout=HTTP_TIMEOUT
    )
    assert cleared.status_code == 200
    assert staff_api.get(path).json()["targets"] == []


@pytest.mark.parametrize(
    ("body", "status", "code", "words"),
    [
        ({"value": "systolic", "low": 140, "high": 120}, 422, "invalid", "below its high"),
        ({"value": "systolic", "low": 130, "high": 130}, 422, "invalid", "below its high"),
        ({"value": "pulse"}, 422, "invalid", "a low or a high"),
        ({"value": "spo2", "low": 150}, 422, "invalid", "between 50 and 100"),
        ({"value": "blood_sugar", "high": 7}, 422, "invalid", "value"),
    ],
    ids=["low-above-high", "low-equals-high", "no-bound", "out-of-range", "unknown-value"],
)
def test_targets_that_cannot_be_meant_are_refused_in_plain_words(
    device: Device, staff_api: StaffApi, body: dict[str, Any], status: int, code: str, words: str
) -> None:
    card = new_card()
    send_readings(device, reading("heart_rate", card))
    answer = staff_api.session.put(
        staff_api.base + f"/residents/{card}/targets",
        json=targets_body(card, body),
        timeout=HTTP_TIMEOUT,
    )
    refusal = assert_error(answer, status, code)
    assert words in refusal["message"]


def test_targets_with_nan_two_bands_a_wrong_card_or_a_huge_body_are_refused(
    device: Device, staff_api: StaffApi
) -> None:
    card = new_card()
    send_readings(device, reading("heart_rate", card))
    url = staff_api.base + f"/residents/{card}/targets"

    def put(data: bytes | str) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        return staff_api.session.put(url, data=data, headers=headers, timeout=HTTP_TIMEOUT)

    nan = '{"resident_card": "CARD", "targets": [{"value": "pulse", "low": NaN}]}'
    nan = nan.replace("CARD", card)
    assert "finite" in assert_error(put(nan), 422, "invalid")["message"]
    infinite = nan.replace('"low": NaN', '"high": Infinity')
    assert_error(put(infinite), 422, "invalid")
    two = targets_body(card, {"value": "pulse", "low": 50}, {"value": "pulse", "high": 100})
    answer = staff_api.session.put(url, json=two, timeout=HTTP_TIMEOUT)
    assert "one target" in assert_error(answer, 422, "invalid")["message"]
    other = targets_body(new_card(), {"value": "pulse", "low": 50})
    answer = staff_api.session.put(url, json=other, timeout=HTTP_TIMEOUT)
    assert "the address" in assert_error(answer, 422, "invalid")["message"]
    assert_error(put("x" * (ONE_MIB + 10)), 413, "too_large")
    assert_error(put("{not json"), 422, "invalid")
    # Nothing of it was stored.
    assert staff_api.get(f"/residents/{card}/targets").json()["targets"] == []


def test_targets_of_a_resident_the_center_never_heard_of_are_a_404(staff_api: StaffApi) -> None:
    card = new_card()
    answer = staff_api.session.put(
        staff_api.base + f"/residents/{card}/targets",
        json=targets_body(card, {"value": "pulse", "low": 50}),
        timeout=HTTP_TIMEOUT,
    )
    assert card in assert_error(answer, 404, "unknown_resident")["message"]
    assert_error(staff_api.get(f"/residents/{card}/targets"), 404, "unknown_resident")
    assert_error(staff_api.get("/residents/12ab/targets"), 422, "invalid")


def test_targets_need_a_staff_token(center: CenterProcess, device: Device) -> None:
    card = new_card()
    send_readings(device, reading("heart_rate", card))
    url = center.api + f"/staff/residents/{card}/targets"
    assert_error(requests.get(url, timeout=HTTP_TIMEOUT), 401, "no_token")
    body = targets_body(card, {"value": "pulse", "low": 50})
    as_kiosk = device.session.put(url, json=body, timeout=HTTP_TIMEOUT)
    assert as_kiosk.status_code == 401


# -- the FHIR export ----------------------------------------------------------------------


def test_a_residents_readings_of_every_kind_come_out_as_a_valid_fhir_bundle(
    center: CenterProcess, device: Device
) -> None:
    card = new_card()
    sent = [reading(kind, card, measured_at=1718092800.0 + n) for n, kind in enumerate(KIND_VALUES)]
    send_readings(device, *sent, reading("heart_rate", new_card()))  # someone else's too
    response = fhir_get(center, center.staff_token(), patient=card)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    document = response.json()
    bundle = valid_bundle(document)
    assert bundle.type == "searchset" and bundle.total == len(sent)
    resources = [e["resource"] for e in document["entry"]]
    # Newest first; each one the resident's, with its LOINC code.
    assert [r["id"] for r in resources] == [p["reading_id"] for p in reversed(sent)]
    assert {r["subject"]["identifier"]["value"] for r in resources} == {card}
    codes = {r["id"]: r["code"]["coding"][0]["code"] for r in resources}
    assert codes[sent[0]["reading_id"]] == "85354-9"
    interpretation = {
        r["id"]: r.get("interpretation", [{}])[0].get("coding", [{}])[0].get("code")
        for r in resources
    }
    assert interpretation == {
        sent[0]["reading_id"]: "H",
        sent[1]["reading_id"]: "L",
        sent[2]["reading_id"]: "LL",
        sent[3]["reading_id"]: "H",
        sent[4]["reading_id"]: "N",
        sent[5]["reading_id"]: None,  # unsure: not judged
    }
    base = center.url + "/fhir/Observation/"
    assert [e["fullUrl"] for e in document["entry"]] == [base + r["id"] for r in resources]

    # _count and date narrow it; Patient/<card> names the same resident.
    two = fhir_get(center, center.staff_token(), patient=f"Patient/{card}", _count=2).json()
    assert valid_bundle(two).total == len(sent)
    assert [e["resource"]["id"] for e in two["entry"]] == [p["reading_id"] for p in sent[:-3:-1]]
    window = fhir_get(
        center,
        center.staff_token(),
        patient=card,
        date=["ge2024-06-11T08:00:02Z", "lt2024-06-11T08:00:04+00:00"],
    ).json()
    assert [e["resource"]["id"] for e in window["entry"]] == [
        sent[3]["reading_id"],
        sent[2]["reading_id"],
    ]
    day = fhir_get(center, center.staff_token(), patient=card, date="2024-06-12").json()
    assert day["total"] == 0 and day.get("entry", []) == []


def test_fhir_refusals_are_operation_outcomes_never_a_500(
    center: CenterProcess, device: Device
) -> None:
    card = new_card()
    send_readings(device, reading("weight", card))
    token = center.staff_token()
    assert "patient" in assert_outcome(fhir_get(center, token), 400, "required")
    assert_outcome(fhir_get(center, token, patient=[card, card]), 400, "required")
    unknown = new_card()
    assert unknown in assert_outcome(fhir_get(center, token, patient=unknown), 404, "not-found")
    for params in (
        {"patient": "12ab"},
        {"patient": "Patient/"},
        {"patient": card, "_count": "-1"},
        {"patient": card, "_count": "many"},
        {"patient": card, "_count": "100000"},
        {"patient": card, "date": "ge2024-13-01"},
        {"patient": card, "date": "yesterday"},
        {"patient": card, "date": "ge99999-01-01"},
        {"patient": f"http://elsewhere|{card}"},
    ):
        assert_outcome(fhir_get(center, token, **params), 400, "value")
    assert_outcome(fhir_get(center, None, patient=card), 401, "login")
    assert_outcome(fhir_get(center, "not-a-token", patient=card), 401, "login")
    empty = fhir_get(center, token, patient=card, _count=0).json()
    assert valid_bundle(empty).total == 1 and empty["entry"] == []
