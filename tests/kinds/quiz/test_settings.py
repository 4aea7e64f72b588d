"""The facilitator's quiz settings: which statements a session uses, and starting the second run."""

from __future__ import annotations

from kit.logic.quiz import current_run, selected_items
from kit.kinds.quiz.settings import QuizSettingsView
from tests.logic.test_quiz import quiz_exercise


def settings(store, code):
    return store.get_session(code).settings


def test_all_items_by_default(ui_store):
    """Does a new session show every statement ticked, "All" ticked and the first run current?"""
    session = ui_store.create_session("S")
    view = QuizSettingsView(ui_store, quiz_exercise("mfmf"), session.code)
    assert all(box.value for box in view.boxes.values()) and view.all_items.value
    assert 'data-run="1"' in view.run_line.value
    assert view.switch.description == "Start the second run (after the talk)"
    assert view.boxes["q2"].description == "2. Statement <2>"


def test_choose_items(ui_store):
    """Do unticked statements and Save store the choice, and does "All" tick everything again?"""
    ex = quiz_exercise("mfmf")
    session = ui_store.create_session("S")
    view = QuizSettingsView(ui_store, ex, session.code)
    view.boxes["q1"].value = False
    assert view.all_items.value is False
    view.boxes["q3"].value = False
    view.save.click()
    assert [i.id for i in selected_items(ex, settings(ui_store, session.code))] == ["q2", "q4"]
    assert "2 of 4" in view.status.value
    view.all_items.value = True
    assert all(box.value for box in view.boxes.values())
    view.save.click()
    assert settings(ui_store, session.code)["quiz"]["quiz"]["items"] is None


def test_no_items_is_refused(ui_store):
    """Is saving with nothing ticked refused with a message, keeping the stored choice?"""
    ex = quiz_exercise("mf")
    session = ui_store.create_session("S")
    view = QuizSettingsView(ui_store, ex, session.code)
    view.all_items.value = False
    view.save.click()
    assert "at least one" in view.status.value
    assert len(selected_items(ex, settings(ui_store, session.code))) == 2


def test_second_run_needs_confirmation(ui_store):
    """Does the second run start only after confirming, and can Cancel back out?"""
    ex = quiz_exercise()
    session = ui_store.create_session("S")
    view = QuizSettingsView(ui_store, ex, session.code)
    view.switch.click()
    assert view.confirmation.layout.display is None and "Start the second run?" in view.question.value
    view.cancel.click()
    assert view.confirmation.layout.display == "none"
    assert current_run(ex, settings(ui_store, session.code)) == 1
    view.switch.click()
    view.confirm.click()
    assert current_run(ex, settings(ui_store, session.code)) == 2
    assert 'data-run="2"' in view.run_line.value and view.switch.description == "Go back to the first run"
    view.switch.click()
    view.confirm.click()
    assert current_run(ex, settings(ui_store, session.code)) == 1


def test_keeps_other_settings_and_follows_outside_changes(ui_store):
    """Are other settings kept, and does refresh show a change made elsewhere (e.g. the CLI)?"""
    ex = quiz_exercise("mfm")
    session = ui_store.create_session("S")
    ui_store.update_session_settings(session.code, open=["quiz"])
    view = QuizSettingsView(ui_store, ex, session.code)
    ui_store.update_session_settings(session.code, quiz={"quiz": {"run": 2, "items": ["q3"]}})
    view.refresh()
    assert [item_id for item_id, box in view.boxes.items() if box.value] == ["q3"]
    assert 'data-run="2"' in view.run_line.value
    view.boxes["q1"].value = True
    view.save.click()
    stored = settings(ui_store, session.code)
    assert stored["open"] == ["quiz"] and stored["quiz"]["quiz"] == {"run": 2, "items": ["q1", "q3"]}


def test_closed_session_cannot_switch(ui_store):
    """Is the run button off for a session that has ended?"""
    session = ui_store.create_session("S")
    ui_store.close_session(session.code)
    assert QuizSettingsView(ui_store, quiz_exercise(), session.code).switch.disabled


def test_cli_quiz_command(tmp_path):
    """Does `mentorkit quiz` choose items and the run, show the choice, and refuse contradictory or unknown input?"""
    from click.testing import CliRunner

    from kit.cli import main
    from kit.content import load_content
    from kit.store import Store

    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    store = Store(db)
    code = store.create_session("CLI").code
    runner = CliRunner()
    done = runner.invoke(main, ["quiz", "--session", code, "--db", db])
    assert done.exit_code == 0 and "run 1" in done.output and "all 22 of 22" in done.output
    done = runner.invoke(main, ["quiz", "--session", code, "--items", "junior_only, one_perfect_mentor", "--run", "2",
                                "--db", db])
    assert done.exit_code == 0, done.output
    assert "run 2" in done.output and "one_perfect_mentor, junior_only" in done.output
    ex = load_content()["myths_quiz"]
    settings = store.get_session(code).settings
    assert current_run(ex, settings) == 2 and [i.id for i in selected_items(ex, settings)] == [
        "one_perfect_mentor", "junior_only"]
    assert runner.invoke(main, ["quiz", "--session", code, "--all-items", "--db", db]).exit_code == 0
    assert store.get_session(code).settings["quiz"]["myths_quiz"] == {"run": 2, "items": None}
    for bad in (["--items", "nope"], ["--items", "junior_only", "--all-items"], ["--run", "3"],
                ["--exercise", "confidentiality"]):
        assert runner.invoke(main, ["quiz", "--session", code, "--db", db, *bad]).exit_code != 0, bad
    assert runner.invoke(main, ["quiz", "--session", "ZZZZZZ", "--db", db]).exit_code != 0
    store.dispose()
