"""The participant app as a kernel sees it."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_participant_kernel_imports_nothing_heavy(tmp_path):
    """Does building and binding a participant app leave pandas, matplotlib and voila unimported?"""
    code = (
        "import sys, json\n"
        "from kit.apps import participant\n"
        "app = participant.exercise('confidentiality'); app.bind(participant.current_visit())\n"
        "home = participant.workshop(); home.bind(participant.current_visit())\n"
        "print(json.dumps({m: m in sys.modules for m in ('pandas', 'matplotlib', 'voila', 'numpy')}))\n"
        "print(type(app).__name__)\n"
    )
    env = dict(os.environ, MENTORKIT_DB=f"sqlite:///{tmp_path / 'k.sqlite3'}", QUERY_STRING="code=ABCDEF")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded, kind = done.stdout.strip().splitlines()[-2:]
    assert json.loads(loaded) == {"pandas": False, "matplotlib": False, "voila": False, "numpy": False}
    assert kind == "ParticipantShell"


def test_the_one_page_imports_every_form_when_it_starts(tmp_path):
    """Does the one page import every kind's form while its kernel starts (so a room jumping to an
    exercise nobody built ahead imports nothing at that moment), still without pandas or matplotlib?"""
    code = (
        "import sys, json\n"
        "from kit import kinds\n"
        "from kit.apps import participant\n"
        "before = {k.type: k.parts['form'].partition(':')[0] in sys.modules for k in kinds.all()}\n"
        "page = participant.workshop()\n"
        "after = {k.type: k.parts['form'].partition(':')[0] in sys.modules for k in kinds.all()}\n"
        "print(json.dumps([before, after, 'pandas' in sys.modules or 'matplotlib' in sys.modules]))\n"
    )
    env = dict(os.environ, MENTORKIT_DB=f"sqlite:///{tmp_path / 'k.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    assert not all(before.values())  # the test means something: some forms were not imported before
    assert all(after.values()) and not heavy


def test_unknown_exercise_is_a_clear_problem(tmp_path, monkeypatch):
    """Does a notebook naming an exercise that does not exist show a problem instead of failing?"""
    from kit.apps import participant
    from kit.store import Store

    store = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = participant.exercise("no_such_exercise", store=store)
    assert isinstance(app, participant.ProblemView)
    assert "no_such_exercise" in app.children[1].value


def test_unreachable_database_is_a_clear_problem(monkeypatch):
    """Does a participant app with a broken database URL say so instead of showing a blank page?"""
    from kit.apps import participant

    monkeypatch.setenv("MENTORKIT_DB", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    app = participant.home()
    assert isinstance(app, participant.ProblemView)
    assert "database" in app.children[1].value
