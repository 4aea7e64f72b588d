"""The console's Quick activity form (kit/ui/quick.py), headless: a quick poll made and presented in
the console reaches a participant's room, is counted in its panel and exported; bad input keeps
the fields and stores nothing; Save as YAML gives a content file `mentorkit check` accepts."""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote

from click.testing import CliRunner

from kit.analysis.export import session_csv
from kit.apps import participant
from kit.cli import main
from kit.logic import pacing
from kit.ui.console import ConsoleView
from kit.ui.room import RoomView
from kit.ui.visit import Visit
from tests.factories import confidentiality

BASE = "http://192.0.2.10:8866"
CONTENT = {"confidentiality": confidentiality()}


def console(store, code):
    return ConsoleView(store, CONTENT, public_url=BASE, poll_seconds=None, params={"session": code})


def room(store, session, person):
    shell = participant.workshop(store=store, content=CONTENT, poll_seconds=None, room_poll_seconds=None)
    shell.bind(Visit.from_strings(f"code={session.code}&p={person.key}"))
    assert isinstance(shell.view, RoomView)
    return shell.view


def test_create_and_present_reaches_the_room_and_is_counted(ui_store):
    """Does Create and present put a quick poll on the agenda, on a participant's page that was open
    before it existed, in its own panel with the count and chart, on the projector, and in the
    session's CSV?"""
    session = ui_store.create_session("Quick")
    people = [ui_store.join(session.code, f"P{n}", join_token=f"t{n}") for n in range(3)]
    view = console(ui_store, session.code)
    pages = [room(ui_store, session, person) for person in people]
    assert pages[0].screen.kind == pacing.LOBBY
    form = view.quick
    form.kind.value = "poll"
    form.prompt.value = "Which part helped most?"
    form.options.value = "Pairing\nThe quiz\n\nGoals"
    form.create_present.click()
    exercise_id = f"quick_{session.code.lower()}_1"
    assert "Created “Which part helped most?”" in form.status.value and form.prompt.value == ""
    assert exercise_id in view.agenda._rows and "Now presenting: <b>Which part helped most?</b>" in view.agenda.now.value
    assert view.panels[exercise_id] in view.live.children and view.switches.boxes[exercise_id].value
    for page, choice in zip(pages, ["pairing", "goals", "pairing"]):
        page.refresh()
        assert page.screen.exercise == exercise_id and f"mk-current-{exercise_id}" in page.body._dom_classes
        shown = page.views[exercise_id][0]
        field = shown.form.fields["answer"]
        assert [label for label, _ in field.control.options][-3:] == ["Pairing", "The quiz", "Goals"]
        field.control.value = choice
        shown.submit.click()
    view.refresh()
    panel = view.panels[exercise_id]
    assert 'data-answered="3"' in panel.counts.value
    panel.reveal.value = True
    assert panel.body.layout.display is None
    view.projector.value = True  # the projector follows the presented quick activity
    assert panel in view.live.children and view.quick not in view.live.children
    csv = session_csv(ui_store, session.code).decode()
    assert csv.count(exercise_id) == 3 and "Which part helped most?" in csv and "Goals" in csv


def test_bad_input_keeps_the_fields_and_stores_nothing(ui_store):
    """Do an empty prompt, one option, 200 options and a duplicate title each get their message in the
    console, with what was typed still in the fields and nothing stored?"""
    session = ui_store.create_session("Quick")
    view = console(ui_store, session.code)
    form = view.quick
    many = "\n".join(f"Option {n}" for n in range(200))
    for prompt, options, needle in [("", "Yes\nNo", "The prompt is empty"),
                                    ("Ready?", "Yes", "needs at least 2 options"),
                                    ("Ready?", many, "at most 12 options"),
                                    ("Confidentiality checklist", "Yes\nNo", "already has an exercise titled")]:
        form.prompt.value, form.options.value = prompt, options
        form.create.click()
        assert needle in form.status.value and "mk-error" in form.status.value
        assert (form.prompt.value, form.options.value) == (prompt, options)
    assert ui_store.quick_documents(session.code) == []
    assert "quick" not in ui_store.get_session(session.code).settings


def test_options_box_follows_the_type_and_create_does_not_present(ui_store):
    """Is the options box hidden for a word cloud, and does Create add it to the agenda without presenting?"""
    session = ui_store.create_session("Quick")
    view = console(ui_store, session.code)
    form = view.quick
    form.kind.value = "wordcloud"
    assert form.options.layout.display == "none"
    form.options.value = "left over from a poll"  # hidden, so not sent
    form.prompt.value = "One word for today"
    form.create.click()
    stored = ui_store.get_session(session.code)
    assert stored.settings["quick"] == [f"quick_{session.code.lower()}_1"] and stored.settings.get("current") is None
    assert "end of the agenda" in form.status.value


def test_save_as_yaml_downloads_a_content_file_check_accepts(ui_store, tmp_path):
    """Does Save as YAML offer a download link whose file, named after the title, passes `mentorkit check`?"""
    session = ui_store.create_session("Quick")
    view = console(ui_store, session.code)
    form = view.quick
    form.kind.value = "scale"
    form.prompt.value = "How ready do you feel? <script>"
    form.create.click()
    assert form.saved.value == f"quick_{session.code.lower()}_1"
    form.prepare.click()
    link = re.search(r'download="([^"]+)" href="data:application/x-yaml;charset=utf-8;base64,([^"]+)"',
                     form.download.value)
    assert link and "<script>" not in form.download.value
    name, text = link.group(1), base64.b64decode(unquote(link.group(2))).decode()
    assert name == "how_ready_do_you_feel_script.yaml"
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "how_ready_do_you_feel_script" in result.output


def test_every_quick_type_gets_its_phone_view_and_console_panel(ui_store):
    """Does each quick type (poll, word cloud, scale, open question, Q&A) build the participant view its
    kind gives and a console panel with its sections, without an error in either?"""
    from kit.logic.quick import QUICK_TYPES

    session = ui_store.create_session("Quick")
    ana = ui_store.join(session.code, "Ana", join_token="a")
    view = console(ui_store, session.code)
    page = room(ui_store, session, ana)
    for number, name in enumerate(QUICK_TYPES, start=1):
        view.quick.kind.value = name
        view.quick.prompt.value = f"Prompt {number}"
        view.quick.options.value = "Low\nHigh" if name in ("poll", "scale") else ""
        view.quick.create_present.click()
        exercise_id = f"quick_{session.code.lower()}_{number}"
        assert "Created" in view.quick.status.value, view.quick.status.value
        page.refresh()
        shown = page.views[exercise_id][0]
        assert page.screen.exercise == exercise_id and "could not be shown" not in getattr(shown, "value", "")
        panel = view.panels[exercise_id]
        view.refresh(force=True)
        assert panel.sections and "mk-error" not in panel.notice.value
    assert [ex_id for ex_id in view.projected.options][-1][1] == f"quick_{session.code.lower()}_5"
