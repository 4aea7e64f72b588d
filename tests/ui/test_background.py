"""Work left for a calm machine (kit/ui/background.py): it waits while the machine is busy, runs once
it is calm, and runs at its deadline whatever happens. The machine's load is given by a stand-in for
/proc/stat, so the test decides what "busy" is; the real reading is checked on its own."""

from __future__ import annotations

import asyncio
import time

import pytest

from kit.ui import background
from tests.factories import run_async, run_without_loop


class Machine:
    """A stand-in for /proc/stat: ``busy`` is the share of all cores busy from now on."""

    def __init__(self) -> None:
        self.busy, self.ticks, self.used = 1.0, 0, 0.0

    def __call__(self) -> tuple[int, int]:
        self.ticks += 100
        self.used += 100 * self.busy
        return int(self.used), self.ticks


@pytest.fixture
def machine(monkeypatch):
    fake = Machine()
    monkeypatch.setattr(background, "cpu_times", fake)
    monkeypatch.setattr(background, "CALM_BUSY", 0.6)
    monkeypatch.setattr(background, "LOOK_EVERY", (0.01, 0.02))
    return fake


def test_work_waits_while_the_machine_is_busy_and_runs_once_calm(machine, monkeypatch):
    """Does work due now wait while every core is busy (the room still building what was presented),
    and run once the machine is calm, once?"""
    monkeypatch.setattr(background, "LATEST", 30.0)
    runs: list[float] = []

    async def scenario():
        later = background.Later(lambda: runs.append(time.monotonic()), (0.0, 0.01))
        await asyncio.sleep(0.2)
        waited = (list(runs), later.waiting)
        machine.busy = 0.1
        await asyncio.sleep(0.2)
        return waited

    waited = run_async(scenario())
    assert waited == ([], True)
    assert len(runs) == 1


def test_work_runs_at_its_deadline_on_a_machine_that_stays_busy(machine, monkeypatch):
    """Is work never lost to a machine that stays busy: does it run at its deadline?"""
    monkeypatch.setattr(background, "LATEST", 0.15)
    runs: list[int] = []

    async def scenario():
        background.Later(lambda: runs.append(1), (0.0, 0.01))
        await asyncio.sleep(0.05)
        early = list(runs)
        await asyncio.sleep(0.4)
        return early

    assert run_async(scenario()) == []
    assert runs == [1]


def test_cancelled_work_never_runs_and_without_a_loop_it_runs_at_once(machine):
    """Does cancelling (a view closed) stop the work, and does plain Python (no event loop) run it at
    once?"""
    runs: list[str] = []
    machine.busy = 0.0

    async def scenario():
        background.Later(lambda: runs.append("cancelled"), (0.05, 0.06)).cancel()
        await asyncio.sleep(0.2)

    run_async(scenario())
    run_without_loop(lambda: background.Later(lambda: runs.append("now"), (5.0, 6.0)))
    assert runs == ["now"]


def test_a_failing_work_is_logged_not_raised(machine, caplog):
    """Does work that raises leave the page alone (logged, not raised into the kernel's loop)?"""
    machine.busy = 0.0

    def broken():
        raise RuntimeError("boom")

    run_without_loop(lambda: background.Later(broken, (0.0, 0.0)))  # no loop: runs at once
    assert "work done in the background failed" in caplog.text


def test_the_machine_reading_is_real_on_linux():
    """Does the real reading give busy and total ticks that only grow (where /proc/stat exists)?"""
    first = background.cpu_times()
    if first is None:
        pytest.skip("no /proc/stat on this system")
    sum(range(200_000))
    second = background.cpu_times()
    assert 0 <= first[0] <= first[1] and second[1] >= first[1] and second[0] >= first[0]
