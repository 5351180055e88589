"""A pretend member of staff for demos: accepts new orders, sends someone, marks them done,
takes emergencies and acknowledges alerting readings.

It works through the real staff API, so the kiosk sees exactly what a real center would send.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import requests

log = logging.getLogger(__name__)

# (state, seconds after the last change, action)
STEPS = (("sent", 5, "accept"), ("accepted", 10, "on_the_way"), ("on_the_way", 20, "done"))
ALERT_NOTE = "seen at the center; a nurse will look in"


class DemoStaff:
    def __init__(self, base_url: str, token: str, *, interval_s: float = 2.0) -> None:
        self.base_url = base_url.rstrip("/") + "/api/v1/staff"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-staff", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _age(self, stamp: str) -> float:
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return 0.0
        return (datetime.now(UTC) - moment).total_seconds()

    def step(self) -> None:
        for state, wait_s, action in STEPS:
            orders = requests.get(
                f"{self.base_url}/orders",
                params={"state": state},
                headers=self.headers,
                timeout=5,
            ).json()
            for order in orders:
                if self._age(order["updated_at"]) >= wait_s:
                    requests.post(
                        f"{self.base_url}/orders/{order['order_id']}/actions",
                        json={"action": action},
                        headers=self.headers,
                        timeout=5,
                    )
        for sos in requests.get(f"{self.base_url}/sos", headers=self.headers, timeout=5).json():
            requests.post(
                f"{self.base_url}/sos/{sos['sos_id']}/ack", headers=self.headers, timeout=5
            )
        alerts = requests.get(
            f"{self.base_url}/alerts", params={"state": "open"}, headers=self.headers, timeout=5
        ).json()
        for alert in alerts:
            requests.post(
                f"{self.base_url}/alerts/{alert['reading_id']}/ack",
                json={"note": ALERT_NOTE},
                headers=self.headers,
                timeout=5,
            )

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.step()
            except (requests.RequestException, ValueError, KeyError, TypeError):
                log.debug("demo staff step failed", exc_info=True)
