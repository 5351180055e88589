"""A family video call on loopback: how fast the home tablet rings, and how fast the picture
comes once the call is answered.

1. A throwaway center (SQLite) with the demo residents and the demo family account ("wangli",
   linked to resident 10001), ``python -m server serve``; a home tablet enrols (the demo makes
   the first one the resident's home tablet, and staff set it again to be sure) and holds its
   update socket open (``/api/v1/updates/ws``, what the kiosk's sync client listens on;
   bench.fleet, as the console's benchmark does).
2. Debian's chromium (Playwright, headless, never a downloaded browser; a fake camera and
   microphone) signs in on the family pages as the family member and opens her father's page.
3. ``--samples`` times, one after the other:

   * **ring_ms**: from just before the click on the page's "video call" button (the page's
     script posts ``/api/v1/family/calls``) to the moment the tablet's update socket delivers
     the ``call.ringing`` update for it (this process's ``perf_counter``; the update socket
     takes the time of the message's last byte).
   * The family's page goes to the call page and waits for the tablet. Then the tablet
     answers (``POST /api/v1/kiosk/calls/{id}/answer``) and opens the kiosk view of the call
     page in a second browser context, as the kiosk's QtWebEngine does. **first_frame_ms**:
     from just before that answer is sent to the first decoded video frame on the family's
     side (``window.callStats().framesDecoded > 0``, polled every 10 ms in the page; both are
     wall-clock times of this machine).
   * The family hangs up and both pages are waited to say ``ended``.

Goals: ``ring_ms`` at most 1,000 and ``first_frame_ms`` at most 2,000 (each sample's).

    python -m bench call [--samples 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.center import LOOPBACK, CenterProcess, on_throwaway_center
from bench.fleet import Fleet
from bench.machine import describe
from bench.stats import median

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MEDIA_FLAGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
GOAL_RING_MS = 1_000.0
GOAL_FIRST_FRAME_MS = 2_000.0
FAMILY_NAME = "wangli"  # server.family.DEMO_FAMILY_NAME
FAMILY_PASSWORD = "bench family password"
RESIDENT = "10001"  # the demo resident the demo family account is linked to
WAIT_S = 20.0  # the longest one step is waited for before the sample counts as lost
FIRST_FRAME = """async () => {
  while (true) {
    const stats = await window.callStats();
    if (stats.framesDecoded > 0) return Date.now();
    await new Promise((done) => setTimeout(done, 10));
  }
}"""


class CallCenter(CenterProcess):
    """The benchmark's center: demo residents, and the demo family account's password."""

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env["CENTER_DEMO_RESIDENTS"] = "1"
        env["CENTER_DEMO_FAMILY_PASSWORD"] = FAMILY_PASSWORD
        return env


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench call",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--samples", type=int, default=5, help="calls made, one after another")
    args = parser.parse_args(argv)
    if not 1 <= args.samples <= 100:
        parser.error("--samples must be 1..100")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return on_throwaway_center("sqlite", "kiosk-bench-call-", lambda f, u: measure(args, f, u))


def _http(
    center: CenterProcess, method: str, path: str, token: str, body: Any = None
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else b""
    request = urllib.request.Request(
        center.url + path,
        data=data if method != "GET" else None,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8", "replace")


def home_tablet(center: CenterProcess) -> str:
    """Enrol the resident's home tablet; its device token."""
    staff = center.cli("create-staff", "bench staff").splitlines()[-1]
    code = center.cli("enrolment-code", "--by", "bench").splitlines()[-1]
    status, enrolled = _http(
        center,
        "POST",
        "/api/v1/enrol",
        "",
        {"code": code, "device_name": "bench home tablet", "mode": "home"},
    )
    if status != 200:
        raise RuntimeError(f"enrolment refused: {status} {enrolled}")
    status, placed = _http(
        center,
        "PUT",
        f"/api/v1/staff/residents/{RESIDENT}/home-device",
        staff,
        {"device_id": enrolled["device_id"]},
    )
    if status != 200:
        raise RuntimeError(f"the home tablet was not set: {status} {placed}")
    return str(enrolled["token"])


async def drive(args: argparse.Namespace, center: CenterProcess, token: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    loop = asyncio.get_running_loop()
    ringing: dict[str, float] = {}  # call id -> when the tablet heard of it
    heard = asyncio.Event()

    def on_update(_: int, update: dict[str, Any], received_at: float) -> None:
        if update.get("kind") == "call.ringing":
            ringing[str((update.get("payload") or {}).get("call_id"))] = received_at
            heard.set()

    fleet = Fleet(LOOPBACK, center.port, [token], on_update=on_update)
    ring_ms: list[float] = []
    first_frame_ms: list[float] = []
    lost = {"ring": 0, "frame": 0}
    try:
        await fleet.open(0.0)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=MEDIA_FLAGS
            )
            family = await browser.new_page(viewport={"width": 412, "height": 915})
            await family.goto(f"{center.url}/family/sign-in")
            await family.fill("#name", FAMILY_NAME)
            await family.fill("#password", FAMILY_PASSWORD)
            await family.click("form.signin button[type=submit]")
            await family.wait_for_load_state()
            for _ in range(args.samples):
                await family.goto(f"{center.url}/family/elders/{RESIDENT}")
                button = family.locator(f"button[data-call-resident='{RESIDENT}']")
                await button.wait_for(timeout=WAIT_S * 1000)
                before = set(ringing)
                heard.clear()
                pressed_at = time.perf_counter()
                await button.click()
                deadline = loop.time() + WAIT_S
                while set(ringing) == before and loop.time() < deadline:
                    heard.clear()
                    try:
                        await asyncio.wait_for(heard.wait(), deadline - loop.time())
                    except TimeoutError:
                        break
                new = set(ringing) - before
                if not new:
                    lost["ring"] += 1
                    continue
                call_id = new.pop()
                ring_ms.append((ringing[call_id] - pressed_at) * 1000)

                await family.wait_for_function(
                    "() => document.title === 'call:waiting'", timeout=WAIT_S * 1000
                )
                first_frame = asyncio.ensure_future(family.evaluate(FIRST_FRAME))
                kiosk_context = await browser.new_context(viewport={"width": 1280, "height": 800})
                kiosk = await kiosk_context.new_page()
                answered_at = time.time() * 1000
                status, join = await asyncio.to_thread(
                    _http, center, "POST", f"/api/v1/kiosk/calls/{call_id}/answer", token
                )
                if status != 200:
                    first_frame.cancel()
                    lost["frame"] += 1
                    await kiosk_context.close()
                    continue
                query = urlencode({"view": "kiosk", "lang": "zh_CN"})
                ticket = quote(join["ticket"], safe="")
                await kiosk.goto(f"{center.url}{join['page']}?{query}#ticket={ticket}")
                try:
                    framed_at = await asyncio.wait_for(first_frame, WAIT_S)
                    first_frame_ms.append(float(framed_at) - answered_at)
                except TimeoutError:
                    lost["frame"] += 1
                await family.evaluate("() => window.callControl.hangup()")
                await kiosk.wait_for_function(
                    "() => document.title.startsWith('call:ended')", timeout=WAIT_S * 1000
                )
                await kiosk_context.close()
            await browser.close()
    finally:
        await fleet.close()
    return {"ring_ms": ring_ms, "first_frame_ms": first_frame_ms, "lost": lost}


def summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "max": None}
    return {"median": round(median(values), 1), "max": round(max(values), 1)}


def measure(args: argparse.Namespace, folder: Path, url: str) -> dict[str, Any]:
    center = CallCenter(url, folder)
    center.cli("migrate")
    with center.serving():
        token = home_tablet(center)
        result = asyncio.run(drive(args, center, token))
        problems = center.log_problems()
    ring = summary(result["ring_ms"])
    frame = summary(result["first_frame_ms"])
    return {
        "ring_ms": ring["median"],
        "first_frame_ms": frame["median"],
        "ring_ms_all": ring,
        "first_frame_ms_all": frame,
        "ring_ms_samples": [round(v, 1) for v in result["ring_ms"]],
        "first_frame_ms_samples": [round(v, 1) for v in result["first_frame_ms"]],
        "samples": args.samples,
        "lost": result["lost"],
        "database": "sqlite",
        "browser": CHROMIUM,
        "server_log": problems,
        "machine": describe(),
        "host": LOOPBACK,
        "goal_ring_ms": GOAL_RING_MS,
        "goal_first_frame_ms": GOAL_FIRST_FRAME_MS,
        "goal_met": ring["max"] is not None
        and frame["max"] is not None
        and ring["max"] <= GOAL_RING_MS
        and frame["max"] <= GOAL_FIRST_FRAME_MS
        and not any(result["lost"].values()),
    }
