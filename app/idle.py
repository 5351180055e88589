"""Idle sign-out timing for shared kiosks, as a plain state machine over a clock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IdleClock:
    """``active`` until ``timeout_s - warning_s`` without a touch, then ``warning``, then
    ``expired`` at ``timeout_s``. Any touch makes it ``active`` again."""

    timeout_s: float
    warning_s: float
    last_touch: float = 0.0

    def touch(self, now: float) -> None:
        self.last_touch = now

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.timeout_s - (now - self.last_touch))

    def state(self, now: float) -> str:
        left = self.seconds_left(now)
        if left <= 0:
            return "expired"
        if left <= self.warning_s:
            return "warning"
        return "active"
