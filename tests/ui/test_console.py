"""The facilitator console, headless: sessions, open exercises, hold-back and reveal, k, errors."""

from __future__ import annotations


from kit.ui.console import ConsoleView
from kit.ui.exercise import ExerciseView, NotOpenView
from kit.apps import participant
from kit.ui.visit import Visit
from tests.factories import confidentiality, svg_texts, tiny_exercise

BASE = "http://192.0.2.10:8866"


def fill(store, code, n, ex, start=0):
    for i in range(start, start + n):
        p = store.join(code, f"Person {i}", join_token=f"j{code}{i}")
        store.submit(p.key, ex.id, {item.id: ("yes" if (i + k) % 3 else "no") for k, item in enumerate(ex.items)},
                     submission_id=f"s{code}{i}")


def console(store, content, **kw):
    return ConsoleView(store, content, public_url=BASE, poll_seconds=None, **kw)


def test_hidden_until_reveal_then_chart(ui_store):
    """Are results held back (only counts) until Reveal, and then charted from k on?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    view = console(ui_store, {ex.id: ex})
    panel = view.panels[ex.id]
    assert 'data-answered="3"' in panel.counts.value
    assert "Results are hidden" in panel.notice.value and panel.body.layout.display == "none"
    panel.reveal.value = True  # the facilitator presses Reveal
    assert "confidentiality" in ui_store.get_session(s.code).settings["revealed"]
    chart = next(iter(panel.sections[0].charts.values()))
    assert svg_texts(chart.value) and panel.body.layout.display is None
    panel.reveal.value = False
    assert panel.body.layout.display == "none"


def test_reveal_below_k_still_shows_nothing(ui_store):
    """With two answers, does Reveal still show no chart, only the k message?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 2, ex)
    view = console(ui_store, {ex.id: ex})
    panel = view.panels[ex.id]
    panel.reveal.value = True
    assert "at least 3" in panel.notice.value and panel.body.layout.display == "none"
    fill(ui_store, s.code, 1, ex, start=2)
    view.refresh()
    assert panel.body.layout.display is None and 'data-answered="3"' in panel.counts.value


def test_k_set_per_session(ui_store):
    """Does a session created in the console with k = 4 keep its chart hidden at three answers?"""
    ex = confidentiality()
    view = console(ui_store, {ex.id: ex})
    view.bar.name.value = "Small group"
    view.bar.k.value = 4
    view.bar.create.click()
    code = view.bar.code
    assert ui_store.get_session(code).k_threshold == 4
    fill(ui_store, code, 3, ex)
    view.panels[ex.id].reveal.value = True
    assert "at least 4" in view.panels[ex.id].notice.value


def test_join_screen_has_url_code_and_qr(ui_store):
    """Does the join screen show the participant URL with the code, the code in large type and a QR PNG?"""
    s = ui_store.create_session("S")
    ex = confidentiality()
    view = console(ui_store, {ex.id: ex})
    html = view.join_screen.text.value
    assert f"{BASE}/voila/render/home.ipynb?code={s.code}" in html
    assert f'mk-bigcode" aria-label="Join code">{s.code}<' in html
    assert view.join_screen.png.startswith(b"\x89PNG") and 'alt="QR code' in view.join_screen.qr.value


def test_closing_an_exercise_reaches_participants(ui_store):
    """When the facilitator closes an exercise, does a participant opening it see "not open" with the
    open ones listed, and does a page opened earlier refuse to submit?"""
    ex, other = confidentiality(), tiny_exercise(1)
    content = {ex.id: ex, other.id: other}
    s = ui_store.create_session("S")
    p = ui_store.join(s.code, "Kim", join_token="k")
    early = ExerciseView(ui_store, ex, s, p, poll_seconds=None, content=content)
    view = console(ui_store, content)
    view.switches.boxes[ex.id].value = False
    assert ui_store.get_session(s.code).settings["open"] == [other.id]
    app = participant.exercise(ex.id, store=ui_store, content=content, poll_seconds=None)
    app.bind(Visit.from_strings(f"code={s.code}&p={p.key}"))
    assert isinstance(app.view, NotOpenView)
    listing = app.view.children[2].value
    assert "tiny.ipynb?code=" in listing and "confidentiality.ipynb" not in listing
    for field in early.form.fields.values():
        field.control.value = "yes"
    early.submit.click()
    assert "closed this exercise" in early.status.value
    assert ui_store.latest_response(p.key, ex.id) is None
    assert 'not open' in view.panels[ex.id].counts.value


def test_end_session_two_steps(ui_store):
    """Does "End session" ask for confirmation, then end it for participants without deleting anything?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    view = console(ui_store, {ex.id: ex})
    view.bar.end.click()
    assert ui_store.get_session(s.code).is_open  # nothing yet: a confirmation is shown
    assert view.bar.confirm_row.layout.display is None
    view.bar.confirm.click()
    assert not ui_store.get_session(s.code).is_open
    assert "ended" in view.summary.value
    assert len(ui_store.latest_answers(s.code, ex.id)) == 3


def test_a_broken_panel_does_not_stop_the_others(ui_store):
    """If one exercise's panel fails, does it show the error while the other panel still updates?"""
    ex, other = confidentiality(), tiny_exercise(1)
    s = ui_store.create_session("S")
    view = console(ui_store, {ex.id: ex, other.id: other})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    view.panels[ex.id]._refresh = broken
    p = ui_store.join(s.code, None, join_token="z")
    ui_store.submit(p.key, other.id, {"s1": "yes"}, submission_id="z1")
    view.refresh()
    assert "boom" in view.panels[ex.id].notice.value and 'role="alert"' in view.panels[ex.id].notice.value
    assert 'data-answered="1"' in view.panels[other.id].counts.value


def test_projector_shows_one_panel(ui_store):
    """With nothing presented, does the projector view show the exercise chosen in Show, large, and
    restore the agenda and every panel after?"""
    ex, other = confidentiality(), tiny_exercise(1)
    ui_store.create_session("S")
    view = console(ui_store, {ex.id: ex, other.id: other})
    view.projected.value = other.id
    view.projector.value = True
    panels = [c for c in view.live.children if c in view.panels.values()]
    assert panels == [view.panels[other.id]] and "mk-projector" in view._dom_classes
    view.projector.value = False
    assert list(view.live.children) == [view.agenda, view.quick, *view.panels.values()]


def test_projector_redraws_only_what_changed_look(ui_store):
    """Is only the projected panel redrawn (``large=True``) when the projector view opens, and again
    (``large=False``) when it closes, while the other revealed panels are left untouched?"""
    ex, other = confidentiality(), tiny_exercise(1)
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    fill(ui_store, s.code, 3, other, start=3)
    view = console(ui_store, {ex.id: ex, other.id: other})
    for panel in view.panels.values():
        panel.reveal.value = True
    drawn: list[tuple[str, bool]] = []
    for exercise_id, panel in view.panels.items():
        for section in panel.sections:
            real = section.update
            section.update = lambda snapshot, large=False, _real=real, _id=exercise_id: (
                drawn.append((_id, large)), _real(snapshot, large=large))[1]
    view.projected.value = other.id
    view.projector.value = True
    assert drawn == [(other.id, True)]
    view.projector.value = False
    assert drawn == [(other.id, True), (other.id, False)]
    view.refresh()
    assert len(drawn) == 2


def test_refresh_creates_no_widgets(ui_store):
    """Do repeated refreshes with new answers create no new widgets (memory stays flat)?"""
    import ipywidgets as widgets

    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    view = console(ui_store, {ex.id: ex})
    view.panels[ex.id].reveal.value = True
    before = len(widgets.Widget.widgets)
    for i in range(5):
        fill(ui_store, s.code, 1, ex, start=10 + i)
        view.refresh()
    assert len(widgets.Widget.widgets) == before


def test_quiz_controls_and_second_run_count(ui_store):
    """Does the set-up tab offer the quiz's own controls, and does the quiz panel count the current run?"""
    from kit.content import load_content
    from kit.logic.quiz import updated_settings
    from kit.kinds.quiz.settings import QuizSettingsView

    content = load_content()
    quiz = content["myths_quiz"]
    s = ui_store.create_session("Quiz")
    view = console(ui_store, {quiz.id: quiz})
    assert any(isinstance(c, QuizSettingsView) for c in view.exercise_settings.children)
    item = quiz.quiz_items[0]
    for n in range(3):
        p = ui_store.join(s.code, None, join_token=f"q{n}")
        ui_store.submit(p.key, quiz.id, {item.id: {"answer": item.answer, "confidence": "sure"}},
                        submission_id=f"q{n}")
    view.refresh()
    assert 'data-answered="3"' in view.panels[quiz.id].counts.value
    ui_store.update_session_settings(s.code, quiz=updated_settings(quiz, ui_store.get_session(s.code).settings, run=2))
    view.refresh()
    counts = view.panels[quiz.id].counts.value
    assert 'data-answered="0"' in counts and "(run 2)" in counts


def test_csv_download_is_pseudonymous(ui_store):
    """Does the console's CSV download carry the answers but no participant key or name?"""
    import base64

    from kit.analysis.export import session_csv

    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    view = console(ui_store, {ex.id: ex}, exporter=session_csv)
    view.download_button.click()
    html = view.download.value
    payload = base64.b64decode(html.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert payload.count("\n") >= 3 * len(ex.items)
    for n in range(3):
        assert f"Person {n}" not in payload
    with ui_store.engine.connect() as conn:
        store_keys = conn.exec_driver_sql("SELECT key FROM participants").scalars().all()
    assert store_keys and not any(k in payload for k in store_keys)


def test_every_panel_carries_its_facilitator_note(ui_store):
    """Does each exercise's panel fold in its facilitator note with the timing and the source, escaped,
    and is it hidden from the projector view?"""
    from dataclasses import replace

    from kit.content import load_content
    from kit.ui.style import CSS

    content = load_content()
    view = console(ui_store, content)
    for exercise_id, panel in view.panels.items():
        note = panel.note.value
        assert note.startswith('<details class="mk-facilitator-note"><summary>How to run it'), exercise_id
        assert f"about {content[exercise_id].duration_minutes} minutes" in note
    hostile = replace(tiny_exercise(), facilitator_note="Ask <b>everyone</b>\n\nThen & discuss", duration_minutes=None)
    view = console(ui_store, {"tiny": hostile})
    note = view.panels["tiny"].note.value
    assert "<p>Ask &lt;b&gt;everyone&lt;/b&gt;</p><p>Then &amp; discuss</p>" in note and "minutes" not in note
    assert ".mk-projector .mk-facilitator-note { display: none; }" in CSS


# -- the agenda and a projector that follows the presented exercise --------------------------------------


def test_agenda_is_at_the_top_of_the_live_tab(ui_store):
    """Is the agenda the first thing on the Live tab, with the "open to participants" switches still on
    the set-up tab?"""
    ex, other = confidentiality(), tiny_exercise(1)
    ui_store.create_session("S")
    view = console(ui_store, {ex.id: ex, other.id: other})
    assert view.live.children[0] is view.agenda and view.tabs.children[0] is view.live
    assert view.switches in view.tabs.children[2].children


def test_present_in_the_console_opens_the_exercise_in_the_set_up_tab(ui_store):
    """When Present opens an exercise that was closed, does its "open to participants" switch follow?"""
    ex, other = confidentiality(), tiny_exercise(1)
    s = ui_store.create_session("S")
    view = console(ui_store, {ex.id: ex, other.id: other})
    view.switches.boxes[other.id].value = False
    row = next(row for row in view.agenda.rows.children if row.exercise_id == other.id)
    row.present.click()
    assert ui_store.get_session(s.code).settings["current"] == other.id
    assert view.switches.boxes[other.id].value is True


def test_projector_follows_the_presented_exercise(ui_store):
    """With the projector on, does it show the presented exercise (title, instructions, "N answered of
    M joined", the chart once revealed) with a small QR code and the join code for latecomers, and
    follow Next, even when it is pressed in another tab?"""
    ex, other = confidentiality(), tiny_exercise(1)
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    ui_store.join(s.code, "Late", join_token="late")
    view = console(ui_store, {ex.id: ex, other.id: other})
    view.projected.value = other.id  # the fallback choice
    view.projector.value = True
    assert view.panels[other.id] in view.live.children and view.projected.layout.display is None
    view.agenda.next.click()  # confidentiality is first
    panel = view.panels[ex.id]
    assert panel in view.live.children and view.panels[other.id] not in view.live.children
    assert view.projected.layout.display == "none"
    assert "Confidentiality Checklist" in panel.title.value
    assert panel.instructions.layout.display is None and "compare lists with your mentoring partner" in panel.instructions.value
    assert '<b data-answered="3">3</b> answered of <b data-joined="4">4</b> joined' in panel.counts.value
    assert view.corner in view.live.children and view.corner.layout.display is None
    assert view.corner.png.startswith(b"\x89PNG") and s.code in view.corner.text.value
    assert f"{BASE}/voila/render/home.ipynb<" in view.corner.text.value
    assert view.corner._shown == f"{BASE}/voila/render/home.ipynb?code={s.code}"  # what the QR code holds
    panel.reveal.value = True
    assert svg_texts(next(iter(panel.sections[0].charts.values())).value) and panel.body.layout.display is None
    ui_store.update_session_settings(s.code, current=other.id)  # Next pressed in another tab
    view.refresh()
    assert view.panels[other.id] in view.live.children and panel not in view.live.children
    view.projector.value = False
    assert panel.instructions.layout.display == "none" and "answered of" not in panel.counts.value


def test_projector_shows_the_pause_message(ui_store):
    """During a pause, does the projector show the pause message in large type instead of the
    exercise, and the exercise again on Resume?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    view = console(ui_store, {ex.id: ex})
    view.projector.value = True
    view.agenda.next.click()
    view.agenda.pause_message.value = "Discuss <this> with your partner"
    view.agenda.pause.click()
    assert view.pause_screen in view.live.children and view.panels[ex.id] not in view.live.children
    assert "Discuss &lt;this&gt; with your partner" in view.pause_screen.value
    assert "mk-projector-pause" in view.pause_screen._dom_classes
    view.agenda.resume.click()
    assert view.panels[ex.id] in view.live.children and view.pause_screen not in view.live.children
    ui_store.update_session_settings(s.code, paused="")  # paused from the CLI: the default message
    view.refresh()
    assert "Look up: discussion time." in view.pause_screen.value


def test_projector_of_an_ended_session_has_no_qr(ui_store):
    """Once the session has ended, is the latecomers' QR code hidden and the pause no longer shown?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    ui_store.update_session_settings(s.code, current=ex.id, paused="Break")
    view = console(ui_store, {ex.id: ex})
    view.projector.value = True
    assert view.pause_screen in view.live.children
    ui_store.close_session(s.code)
    view.refresh()
    assert view.corner.layout.display == "none" and view.panels[ex.id] in view.live.children
    assert view.agenda.next.disabled


def test_projector_refresh_creates_no_widgets(ui_store):
    """With the projector following the presented exercise, do repeated refreshes create no widgets?"""
    import ipywidgets as widgets

    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    view = console(ui_store, {ex.id: ex})
    view.projector.value = True
    view.agenda.next.click()
    view.panels[ex.id].reveal.value = True
    before = len(widgets.widget._instances)
    for i in range(5):
        fill(ui_store, s.code, 1, ex, start=10 + i)
        view.refresh()
    assert len(widgets.widget._instances) == before


def test_a_reloaded_console_comes_back_to_its_session_and_view(ui_store):
    """Does the console keep its session and the projector view in the address bar, and does a console
    opened with them (a reload after a restart) show that session in that view?"""
    from kit.content import load_content
    from kit.ui.console import ConsoleView

    content = load_content()
    first = ui_store.create_session("Morning")
    ui_store.create_session("Afternoon")  # the newest, which a console opens by default
    console = ConsoleView(ui_store, content, public_url="http://x", poll_seconds=None)
    assert console.bar.code != first.code
    console.bar.picker.value = first.code
    console.projector.value = True
    script = console.address.sent[-1]
    assert f'"session": "{first.code}"' in script and '"view": "projector"' in script
    again = ConsoleView(ui_store, content, public_url="http://x", poll_seconds=None,
                        params={"session": first.code.lower(), "view": "projector", "token": "t"})
    assert again.bar.code == first.code and again.projector.value
