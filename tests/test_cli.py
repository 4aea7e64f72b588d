"""The `mentorkit` command line, and a test that fails when an option is undocumented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.content import load_content

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "content" / "cases"


def commands(group: click.Group, prefix: str = "mentorkit"):
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        yield full, command
        if isinstance(command, click.Group):
            yield from commands(command, full)


def test_every_command_and_option_is_documented():
    """Does README.md mention every command and every option, and does each option have help text?"""
    readme = (ROOT / "README.md").read_text()
    for full, command in commands(main):
        assert f"`{full}" in readme, f"README.md does not document {full}"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{full} {param.opts[0]} has no help text"
                assert param.opts[0] in readme, f"README.md does not document {full} {param.opts[0]}"


def test_check_passes_on_shipped_content():
    """Does `mentorkit check` accept the shipped exercises?"""
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "confidentiality" in result.output


def test_check_names_file_and_line():
    """Does `mentorkit check` exit non-zero and print FILE:LINE: MESSAGE for a broken folder?"""
    result = CliRunner().invoke(main, ["check", "--content", str(CASES / "duplicate_ids")])
    assert result.exit_code == 1
    assert re.search(r"b\.yaml:\d+: .*duplicate exercise id", result.output), result.output


def test_check_on_a_folder_of_broken_files():
    """Is every broken file in the invalid cases reported, each with a line?"""
    result = CliRunner().invoke(main, ["check", "--content", str(CASES / "invalid")])
    assert result.exit_code == 1
    broken = sorted(p.name for p in (CASES / "invalid").glob("*.y*ml"))
    for name in broken:
        assert name in result.output, name


def test_session_create_list_close(tmp_path):
    """Do create, list and close work against one database and print what a facilitator needs?"""
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    created = runner.invoke(main, ["session", "create", "--name", "Nurses cohort", "--db", db,
                                   "--public-url", "http://10.9.8.7:8866"])
    assert created.exit_code == 0, created.output
    code = re.search(r"Join code: (\w{6})", created.output).group(1)
    assert f"http://10.9.8.7:8866/voila/render/home.ipynb?code={code}" in created.output
    listed = runner.invoke(main, ["session", "list", "--db", db])
    assert code in listed.output and "Nurses cohort" in listed.output and "open" in listed.output
    closed = runner.invoke(main, ["session", "close", code.lower(), "--db", db])
    assert closed.exit_code == 0 and "ended" in closed.output
    assert "ended" in runner.invoke(main, ["session", "list", "--db", db]).output


@pytest.mark.parametrize("args,needle", [
    (["session", "create", "--name", "   "], "name"),
    (["session", "close", "NOPE99"], "NOPE99"),
])
def test_cli_errors_are_one_clear_line(tmp_path, args, needle):
    """Do bad names and unknown codes give a short error and exit non-zero, without a traceback?"""
    result = CliRunner().invoke(main, args + ["--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "Error" in result.output


def test_bad_database_url_is_reported():
    """Is a mistyped database URL one clear error?"""
    result = CliRunner().invoke(main, ["session", "list", "--db", "notadb://x"])
    assert result.exit_code != 0 and "Cannot open the database" in result.output


# -- pacing the room -------------------------------------------------------------------------------------


@pytest.fixture
def paced(tmp_path):
    """A database with one open session (made by the CLI); returns a runner of `mentorkit` with
    ``--db`` added, the session's code, and a function reading its stored settings."""
    from kit.store import Store

    db = f"sqlite:///{tmp_path / 'pace.sqlite3'}"
    runner = CliRunner()
    created = runner.invoke(main, ["session", "create", "--name", "Pace", "--db", db])
    code = re.search(r"Join code: (\w{6})", created.output).group(1)

    def run(*args):
        return runner.invoke(main, [*args, "--db", db])

    def stored():
        store = Store(db)
        try:
            return store.get_session(code).settings
        finally:
            store.dispose()

    return run, code, stored


def test_a_new_session_waits_in_the_lobby_unless_self_paced(paced):
    """Is a new session facilitator-paced (nothing stored, a lobby) unless created with --self-paced?"""
    run, _, stored = paced
    assert stored() == {}
    made = run("session", "create", "--name", "Free", "--self-paced")
    assert made.exit_code == 0 and "Self-paced" in made.output
    free = re.search(r"Join code: (\w{6})", made.output).group(1)
    listing = run("present", "--session", free)
    assert f"Session {free} is self-paced: participants choose from {len(load_content())} open exercise(s)." in listing.output


def test_present_each_action(paced):
    """Do EXERCISE_ID, --next, --back, --pause (with and without a message), --resume, --self-paced and
    --paced each store their change and print what the room now sees?"""
    run, code, stored = paced
    content = load_content()
    ids = list(content)  # the default agenda: the content's order
    first = content[ids[0]]
    at = ids.index("confidentiality") + 1
    assert at >= 2  # Back from it has somewhere to go
    steps = [
        ((), "Nothing is presented in session {code}: phones show the lobby."),
        (("--next",), f"Presenting “{first.title}” (1 of {{n}}) to session {{code}}."),
        (("confidentiality",), f"Presenting “Confidentiality Checklist” ({at} of {{n}}) to session {{code}}."),
        (("--back",), f"Presenting “{content[ids[at - 2]].title}” ({at - 1} of {{n}}) to session {{code}}."),
        (("--pause",), "Session {code} is paused; phones show “Look up: discussion time.”"),
        (("--pause", "Discuss   with your partner"), "Session {code} is paused; phones show “Discuss with your partner”"),
        (("--resume",), f"Presenting “{content[ids[at - 2]].title}” ({at - 1} of {{n}}) to session {{code}}."),
        (("--self-paced",), ("Session {code} is self-paced: participants choose from {n} open exercise(s); "
                             f"“{content[ids[at - 2]].title}” ({at - 1} of {{n}}) is presented.")),
        (("--paced",), f"Presenting “{content[ids[at - 2]].title}” ({at - 1} of {{n}}) to session {{code}}."),
    ]
    for args, expected in steps:
        result = run("present", "--session", code.lower(), *args)
        assert result.exit_code == 0, result.output
        assert expected.format(code=code, n=len(content)) in result.output, (args, result.output)
    assert stored() == {"current": ids[at - 2], "paused": None, "self_paced": False}
    listing = run("present", "--session", code).output
    assert re.search(rf"▶\s+{at - 1}\. {ids[at - 2]}\s+{re.escape(content[ids[at - 2]].title)}", listing), listing
    assert re.search(rf"^\s+{at}\. confidentiality", listing, re.MULTILINE)


def test_present_at_the_end_of_the_agenda(paced):
    """Does --next at the last exercise fail with the reason and leave the room where it was?"""
    run, code, stored = paced
    last = list(load_content())[-1]
    run("present", "--session", code, "--back")
    result = run("present", "--session", code, "--next")
    assert result.exit_code != 0 and f"“{last}” is the last exercise of the agenda." in result.output
    assert stored()["current"] == last


@pytest.mark.parametrize("args,needle", [
    (("present", "--session", "{code}", "no_such_exercise"), "The exercise “no_such_exercise” does not exist."),
    (("present", "--session", "NOPE99", "--next"), "No session has the code 'NOPE99'."),
    (("present", "--session", "{code}", "--next", "--pause"), "Give one action at a time, not --next and --pause."),
    (("present", "--session", "{code}", "--pause", "x" * 300), "A pause message has at most 200 characters"),
    (("agenda", "--session", "{code}", "--set", "closure,nope"), "Not an exercise: nope."),
    (("agenda", "--session", "{code}", "--set", "closure,closure"), "An exercise can be on the agenda once: closure."),
])
def test_present_errors_are_one_clear_line(paced, args, needle):
    """Do an unknown exercise, a wrong code, two actions at once, an overlong pause message and a bad
    agenda each give one clear error, exit non-zero and change nothing?"""
    run, code, stored = paced
    result = run(*(a.format(code=code) for a in args))
    assert result.exit_code != 0 and needle in result.output, result.output
    assert "Traceback" not in result.output
    assert stored() == {}


def test_an_ended_session_cannot_be_paced(paced):
    """Is every action on an ended session refused with a clear message, while its agenda can still be
    listed?"""
    run, code, stored = paced
    run("present", "--session", code, "--next")
    run("session", "close", code)
    for action in (("--next",), ("closure",), ("--pause",), ("--self-paced",)):
        result = run("present", "--session", code, *action)
        assert result.exit_code != 0 and f"Session {code} has ended" in result.output, result.output
    assert run("agenda", "--session", code, "--set", "closure").exit_code != 0
    assert stored() == {"current": list(load_content())[0], "paused": None}
    listing = run("present", "--session", code)
    assert listing.exit_code == 0 and f"Session {code} has ended" in listing.output


def test_agenda_set_reorders_and_shortens(paced):
    """Does `agenda --set` store the new order, list it, and send the room to the lobby when the
    presented exercise is left out?"""
    run, code, stored = paced
    run("present", "--session", code, "confidentiality")
    result = run("agenda", "--session", code, "--set", " closure, confidentiality ")
    assert result.exit_code == 0, result.output
    assert stored()["agenda"] == ["closure", "confidentiality"] and stored()["current"] == "confidentiality"
    assert re.search(r"▶\s+2\. confidentiality", result.output) and f"Not on the agenda: {list(load_content())[0]}" in result.output
    result = run("agenda", "--session", code, "--set", "closure")
    assert stored()["agenda"] == ["closure"] and stored()["current"] is None
    assert "phones show the lobby" in result.output
    assert "1. closure" in run("agenda", "--session", code).output


def test_serve_always_prints_a_participant_url(tmp_path, monkeypatch):
    """When no session is open (all ended, as after `mentorkit demo`), does serve still print a
    participant URL, say that no session is open and how to open one, and create none?"""
    import signal

    import kit.apps.serve as serve_module
    from kit.store import Store

    db = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    store = Store(db)
    store.close_session(store.create_session("Demo cohort").code)
    store.dispose()

    class FakeServers:  # prints as the real ones would, without starting any process
        participant_base = "http://192.0.2.5:8866"
        facilitator_url = "http://127.0.0.1:8867/voila/render/console.ipynb?token=t"
        logs = tmp_path

        def __init__(self, config):
            pass

        def start(self):
            return self

        def wait(self):
            raise KeyboardInterrupt

        def stop(self):
            pass

    monkeypatch.setattr(serve_module, "Servers", FakeServers)
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # leave pytest's own handlers alone
    result = CliRunner().invoke(main, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Participant URL: http://192.0.2.5:8866/voila/render/home.ipynb" in result.output
    assert "No session is open: create one in the console or with `mentorkit session create --name …`" in result.output
    store = Store(db)
    assert len(store.list_sessions()) == 1
    code = store.create_session("Today").code
    store.dispose()
    result = CliRunner().invoke(main, ["serve", "--db", db])
    assert f"Participant URL: http://192.0.2.5:8866/voila/render/home.ipynb?code={code}" in result.output
    assert "No session is open" not in result.output


def test_the_facilitator_token_is_kept_across_runs_and_rotated_on_request(tmp_path, monkeypatch):
    """Is the facilitator token the same at every run, kept readable by its owner only, and replaced by
    --new-token?"""
    import stat

    from kit.apps.token import facilitator_token, token_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    first = facilitator_token()
    assert len(first) >= 20 and facilitator_token() == first
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600
    rotated = facilitator_token(rotate=True)
    assert rotated != first and facilitator_token() == rotated
    token_path().write_text("short\n")  # a damaged file is replaced, never used
    assert facilitator_token() not in ("short", rotated)


def test_quick_create_present_export_and_check(paced, tmp_path):
    """Does `mentorkit quick create` make a quick activity that `present` and `agenda` know, refuse bad
    fields in one line, and does `quick export` write content files `mentorkit check` accepts, never
    overwriting one?"""
    run, code, stored = paced
    made = run("quick", "create", "--session", code, "--type", "poll", "--prompt", "Which part helped most?",
               "--option", "Pairing", "--option", "The quiz")
    quick_id = f"quick_{code.lower()}_1"
    assert made.exit_code == 0 and f"Created {quick_id}: “Which part helped most?”." in made.output
    assert stored()["quick"] == [quick_id] and stored().get("current") is None
    shown = run("present", "--session", code, quick_id)
    assert shown.exit_code == 0 and f"Presenting “Which part helped most?” ({len(load_content()) + 1} of" in shown.output
    assert quick_id in run("agenda", "--session", code).output
    refused = run("quick", "create", "--session", code, "--type", "poll", "--prompt", "Ready?", "--option", "Yes")
    assert refused.exit_code == 1 and "needs at least 2 options, one per line; you gave only 1" in refused.output
    run("quick", "create", "--session", code, "--type", "wordcloud", "--prompt", "One word for today", "--present")
    assert stored()["current"] == f"quick_{code.lower()}_2"
    out = tmp_path / "next-time"
    written = run("quick", "export", "--session", code, "--out", str(out))
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in out.iterdir()) == ["one_word_for_today.yaml", "which_part_helped_most.yaml"]
    checked = CliRunner().invoke(main, ["check", "--content", str(out)])
    assert checked.exit_code == 0 and "2 exercise file(s)" in checked.output
    again = run("quick", "export", "--session", code, quick_id, "--out", str(out))
    assert again.exit_code == 0 and (out / "which_part_helped_most_2.yaml").exists()
    unknown = run("quick", "export", "--session", code, "quick_nope_1", "--out", str(out))
    assert unknown.exit_code == 1 and "has no quick activity quick_nope_1" in unknown.output
