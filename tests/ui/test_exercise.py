from kit.ui.exercise import ExerciseView
from tests.factories import confidentiality, tiny_exercise


def answer_all(view, values):
    for field, value in zip(view.form.fields.values(), values):
        field.control.value = value


def test_submit_disabled_until_all_answered(room):
    """Is Submit disabled until every statement has an answer, with a hint counting what is left?"""
    store, session, ana, _ = room
    view = ExerciseView(store, confidentiality(), session, ana, poll_seconds=None)
    assert view.submit.disabled
    assert "8 still open" in view.hint.value
    answer_all(view, ["yes"] * 7)
    assert view.submit.disabled and "1 still open" in view.hint.value
    list(view.form.fields.values())[7].control.value = "no"
    assert not view.submit.disabled


def test_submit_stores_and_confirms(room):
    """Does a click store exactly the answers shown and show a confirmation?"""
    store, session, ana, _ = room
    ex = confidentiality()
    view = ExerciseView(store, ex, session, ana, poll_seconds=None)
    answer_all(view, ["yes", "no", "not_sure", "yes", "no", "not_sure", "yes", "no"])
    view.submit.click()
    stored = store.latest_response(ana.key, ex.id)
    assert stored.revision == 1
    assert stored.answers == {item.id: v for item, v in zip(ex.items, ["yes", "no", "not_sure", "yes", "no", "not_sure", "yes", "no"])}
    assert "Saved." in view.status.value and 'role="status"' in view.status.value


def test_double_click_saves_once_and_change_makes_revision(room):
    """Does a second click without changes store nothing new, and a change store revision 2?"""
    store, session, ana, _ = room
    ex = tiny_exercise(2)
    view = ExerciseView(store, ex, session, ana, poll_seconds=None)
    answer_all(view, ["yes", "no"])
    view.submit.click()
    view._submit()  # the second click of a double click, even if the button lagged behind
    assert len(store.response_history(ana.key, ex.id)) == 1
    assert "Nothing changed" in view.status.value
    list(view.form.fields.values())[1].control.value = "yes"
    view.submit.click()
    history = store.response_history(ana.key, ex.id)
    assert [r.revision for r in history] == [1, 2]
    assert history[0].answers == {"s1": "yes", "s2": "no"}


def test_reload_restores_answers(room):
    """Does a new view (a reloaded page) show the latest stored answers?"""
    store, session, ana, _ = room
    ex = tiny_exercise(3)
    first = ExerciseView(store, ex, session, ana, poll_seconds=None)
    answer_all(first, ["no", "not_sure", "yes"])
    first.submit.click()
    again = ExerciseView(store, ex, session, ana, poll_seconds=None)
    assert again.form.answers == {"s1": "no", "s2": "not_sure", "s3": "yes"}
    assert "you submitted at" in again.status.value


def test_closed_session_is_read_only(room):
    """After the session ends, are answers shown read-only with Submit off and nothing stored?"""
    store, session, ana, _ = room
    ex = tiny_exercise(1)
    view = ExerciseView(store, ex, session, ana, poll_seconds=None)
    answer_all(view, ["yes"])
    view.submit.click()
    closed = store.close_session(session.code)
    late = ExerciseView(store, ex, closed, ana, poll_seconds=None)
    assert late.submit.disabled and "ended" in late.status.value
    assert all(f.control.disabled for f in late.form.fields.values())
    # A page opened before the end still gets a clear message and stores nothing.
    list(view.form.fields.values())[0].control.value = "no"
    view.submit.click()
    assert "ended" in view.status.value
    assert store.latest_response(ana.key, ex.id).answers == {"s1": "yes"}


def test_header_escapes_content(room):
    """Is content text (title with angle brackets) escaped in the header?"""
    store, session, ana, _ = room
    view = ExerciseView(store, tiny_exercise(1), session, ana, poll_seconds=None)
    assert "Tiny &lt;checklist&gt;" in view.children[0].value


def test_printable_exercise_offers_its_page_after_submit(room):
    """Does an exercise with ``printable`` (done alone) offer "Print or save as PDF" once submitted,
    and again after a reload, with the answers escaped?"""
    from kit import paths
    from kit.content import load_exercise

    store, session, ana, _ = room
    ex = load_exercise(paths.data_dir() / "exercises" / "planning.yaml")
    view = ExerciseView(store, ex, session, ana, poll_seconds=None)
    assert view.pairing is None and view.printout is None
    view.form.fields["strengths"].control.value = "Listening <b>& patience</b>"
    view.submit.click()
    assert "Saved." in view.status.value and view.printout.layout.display is None
    assert "Listening &lt;b&gt;&amp; patience&lt;/b&gt;" in view.printout.document
    assert 'download="mentee-mentor-planning.html"' in view.printout.links.value
    again = ExerciseView(store, ex, session, ana, poll_seconds=None)
    assert again.printout.document == view.printout.document


def test_exercise_without_printable_has_no_print_panel(room):
    """Does an exercise without ``printable`` show no print link?"""
    store, session, ana, _ = room
    view = ExerciseView(store, tiny_exercise(1), session, ana, poll_seconds=None)
    assert view.printout is None
