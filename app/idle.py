"""Idle sign-out timing for shared kiosks, as a plain state machine over a clock."""

from __future__ import annotations


class IdleClock:
    """``active`` until ``timeout_s - warning_s`` without a touch, then ``warning``, then
    ``expired`` at ``timeout_s``. Any touch makes it ``active`` again."""

    __slots__ = ("last_touch", "timeout_s", "warning_s")

    def __init__(self, timeout_s: float, warning_s: float, last_touch: float = 0.0) -> None:
        self.timeout_s = timeout_s
        self.warning_s = warning_s
        self.last_touch = last_touch

    def __repr__(self) -> str:
        return f"IdleClock({self.timeout_s}, {self.warning_s}, {self.last_touch})"

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
