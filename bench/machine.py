"""What machine a benchmark ran on, and who used its CPUs meanwhile (Linux ``/proc``).

A load test shares the machine with whatever else runs there. The benchmarks report the CPU
seconds of their own processes and of the whole machine over a run, so a figure taken while
something else was busy says so (``other_cpu_s``).
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any


def describe() -> dict[str, Any]:
    """Cores, CPU model, memory, Python and the time (UTC), for the results table."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram_gib": ram_gib,
        "python": platform.python_version(),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "loadavg_1m_before": round(os.getloadavg()[0], 2),
    }


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent not idle since boot (user, nice, system, irq, steal)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user + system) of these processes and all their descendants.

    Each process counts its own time and that of its children that have ended (PostgreSQL
    backends come and go with the server's pooled connections), so the sum only grows.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        # After "(name) ": state ppid ... utime stime cutime cstime (fields 14-17 of stat).
        fields = text[text.rindex(")") + 2 :].split()
        used = sum(int(value) for value in fields[11:15]) / ticks
        stats[int(entry.name)] = (int(fields[1]), used)
    wanted = set(pids)
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _) in stats.items():
            if ppid in wanted and pid not in wanted:
                wanted.add(pid)
                grew = True
    return sum(stats[pid][1] for pid in wanted if pid in stats)


def postgres_pids(url: str) -> list[int]:
    """The postmaster listening on the port in ``url`` (its backends are its children)."""
    port = url.rsplit(":", 1)[1].split("/", 1)[0].encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command and command[0].endswith(b"/postgres") and port in command:
            found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU seconds used between ``start()`` and ``stop()``: named process groups and the rest.

    ``groups`` maps a name to the pids whose trees it covers; this process is added under
    ``self_name``. ``other`` is what the machine spent beyond all of them.
    """

    def __init__(self, groups: dict[str, list[int]], self_name: str = "load_generator") -> None:
        self.groups = groups
        self.self_name = self_name
        self._start: dict[str, float] = {}

    def _sample(self) -> dict[str, float]:
        sample = {name: process_cpu_seconds(pids) for name, pids in self.groups.items()}
        sample[self.self_name] = time.process_time()
        sample["machine"] = machine_busy_seconds()
        sample["wall"] = time.perf_counter()
        return sample

    def start(self) -> None:
        self._start = self._sample()

    def stop(self) -> dict[str, float]:
        end = self._sample()
        used = {name: end[name] - self._start[name] for name in end}
        ours = sum(v for k, v in used.items() if k not in ("machine", "wall"))
        used["other"] = max(0.0, used["machine"] - ours)
        return {name: round(value, 1) for name, value in used.items()}


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's limit of open files towards ``wanted`` (up to the hard limit);
    the limit now. Processes started from here afterwards (the server, PostgreSQL) inherit
    it. Each simulated kiosk holds a socket, so 10,000 kiosks need more than the usual 1,024.
    """
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return int(soft)
