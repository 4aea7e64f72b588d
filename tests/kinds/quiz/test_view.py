"""The participant's quiz: answer, say how sure, Check, see why; a score at the end; run 2 shows the change."""

from __future__ import annotations

from kit.kinds.quiz.view import QuizView
from kit.ui.style import stylesheet
from tests.logic.test_quiz import quiz_exercise


def answer(view, item_id, value, confidence="sure"):
    card = view.cards[item_id]
    card.answer.value = value
    if card.confidence is not None:
        card.confidence.value = confidence
    card.check.click()
    return card


def test_check_needs_answer_and_confidence(room):
    """Is Check disabled until both the answer and how sure are chosen, with every control labelled?"""
    store, session, ana, _ = room
    view = QuizView(store, quiz_exercise(), session, ana)
    card = view.cards["q1"]
    assert card.check.disabled
    assert card.answer.description == "1. Statement <1>" and card.confidence.description == "How sure are you?"
    card.answer.value = "myth"
    assert card.check.disabled
    card.confidence.value = "think_so"
    assert not card.check.disabled
    assert 'data-checked="0" data-total="3"' in view.progress.value


def test_check_stores_locks_and_explains(room):
    """Does Check store the answer in run 1, lock the statement and show right/wrong with the escaped explanation?"""
    store, session, ana, _ = room
    ex = quiz_exercise()
    view = QuizView(store, ex, session, ana)
    card = answer(view, "q1", "fact", "sure")
    stored = store.latest_response(ana.key, ex.id)
    assert stored.run == 1 and stored.answers == {"q1": {"answer": "fact", "confidence": "sure"}}
    assert card.checked and card.answer.disabled and card.confidence.disabled
    # Check is hidden by the stylesheet once the card is marked right or wrong (its layout is shared).
    assert {"mk-quiz-right", "mk-quiz-wrong"} & set(card._dom_classes)
    assert ".mk-quiz-item.mk-quiz-wrong .mk-quiz-check" in stylesheet().value  # the page's, sent once
    assert "Not quite." in card.feedback.value and "The answer is “Myth”" in card.feedback.value
    assert "Because &lt;1&gt;." in card.feedback.value and "<1>" not in card.feedback.value
    assert "Amy Gallo" in card.feedback.value
    card = answer(view, "q2", "fact", "guessing")
    assert "Right." in card.feedback.value
    assert store.latest_response(ana.key, ex.id).answers["q2"] == {"answer": "fact", "confidence": "guessing"}
    assert view.summary.value == ""  # not finished yet


def test_end_shows_score_and_items_to_revisit(room):
    """After the last statement, does the participant see their score and the statements to revisit?"""
    store, session, ana, _ = room
    view = QuizView(store, quiz_exercise(), session, ana)
    answer(view, "q1", "myth")
    answer(view, "q2", "myth")
    answer(view, "q3", "myth", "guessing")
    assert 'data-correct="2" data-total="3"' in view.summary.value
    assert 'data-item="q2"' in view.summary.value and 'data-item="q1"' not in view.summary.value
    assert "Statement &lt;2&gt;" in view.summary.value
    assert "Since the first round" not in view.summary.value  # run 1


def test_reload_restores_progress(room):
    """Does a reloaded page show the checked statements locked with their feedback, and the rest open?"""
    store, session, ana, _ = room
    ex = quiz_exercise()
    first = QuizView(store, ex, session, ana)
    answer(first, "q2", "fact", "think_so")
    again = QuizView(store, ex, session, ana)
    assert again.cards["q2"].checked and again.cards["q2"].answer.value == "fact"
    assert again.cards["q2"].confidence.value == "think_so" and "Right." in again.cards["q2"].feedback.value
    assert not again.cards["q1"].checked and again.cards["q1"].answer.value is None
    assert 'data-checked="1"' in again.progress.value
    answer(again, "q1", "myth")
    assert set(store.latest_response(ana.key, ex.id).answers) == {"q1", "q2"}


def test_double_click_stores_once(room):
    """Does a second click on Check (lagging button) store nothing more?"""
    store, session, ana, _ = room
    ex = quiz_exercise()
    view = QuizView(store, ex, session, ana)
    answer(view, "q1", "myth")
    view.check("q1")
    assert len(store.response_history(ana.key, ex.id)) == 1


def test_selected_items_only(room):
    """Does the quiz show only the statements the facilitator chose, numbered from 1?"""
    store, session, ana, _ = room
    ex = quiz_exercise("mfmf")
    session = store.update_session_settings(session.code, quiz={"quiz": {"run": 1, "items": ["q2", "q4"]}})
    view = QuizView(store, ex, session, ana)
    assert list(view.cards) == ["q2", "q4"]
    assert view.cards["q4"].answer.description.startswith("2. ")
    answer(view, "q2", "fact")
    answer(view, "q4", "fact")
    assert 'data-correct="2" data-total="2"' in view.summary.value


def test_second_run_is_recorded_and_shows_change(room):
    """In run 2, are answers stored as run 2, and does the end show the change from run 1 per item and in total?"""
    store, session, ana, _ = room
    ex = quiz_exercise()
    first = QuizView(store, ex, session, ana)
    for item_id, value in (("q1", "fact"), ("q2", "fact"), ("q3", "fact")):
        answer(first, item_id, value)
    assert 'data-correct="1"' in first.summary.value
    session = store.update_session_settings(session.code, quiz={"quiz": {"run": 2, "items": None}})
    second = QuizView(store, ex, session, ana)
    assert 'data-run="2"' in second.round.value and not any(c.checked for c in second.cards.values())
    for item_id, value in (("q1", "myth"), ("q2", "fact"), ("q3", "myth")):
        answer(second, item_id, value)
    assert store.latest_response(ana.key, ex.id, run=2).run == 2
    assert store.latest_response(ana.key, ex.id).answers["q1"]["answer"] == "fact"  # run 1 kept
    summary = second.summary.value
    assert 'data-before="1" data-after="3"' in summary and "(+2)" in summary
    assert 'data-item="q1" data-change="improved"' in summary
    assert 'data-item="q2" data-change="still_right"' in summary


def test_second_run_without_first(room):
    """Does someone who only took the second run get a result without a comparison?"""
    store, session, ana, _ = room
    session = store.update_session_settings(session.code, quiz={"quiz": {"run": 2, "items": ["q1"]}})
    view = QuizView(store, quiz_exercise(), session, ana)
    answer(view, "q1", "myth")
    assert "did not take the first round" in view.summary.value


def test_run_switched_while_page_open(room):
    """If the facilitator starts run 2 while a page shows run 1, is the answer refused with a reload hint?"""
    store, session, ana, _ = room
    ex = quiz_exercise()
    view = QuizView(store, ex, session, ana)
    store.update_session_settings(session.code, quiz={"quiz": {"run": 2, "items": None}})
    card = answer(view, "q1", "myth")
    assert "Reload the page" in view.status.value and 'role="alert"' in view.status.value
    assert not card.checked and not card.check.disabled
    assert store.latest_response(ana.key, ex.id) is None


def test_closed_session_is_read_only(room):
    """After the session ends, are statements locked and a late Check refused with the reason?"""
    store, session, ana, _ = room
    ex = quiz_exercise()
    view = QuizView(store, ex, session, ana)
    answer(view, "q1", "myth")
    closed = store.close_session(session.code)
    late = QuizView(store, ex, closed, ana)
    assert "ended" in late.status.value
    assert all(card.answer.disabled and card.check.disabled for card in late.cards.values())
    answer(view, "q2", "fact")  # a page opened before the end
    assert "ended" in view.status.value
    assert set(store.latest_response(ana.key, ex.id).answers) == {"q1"}


def test_participant_app_dispatches_quiz(ui_store):
    """Does the participant app for the shipped quiz build a QuizView with the session's items?"""
    from kit.apps import participant
    from kit.content import load_content
    from kit.ui.visit import Visit

    content = load_content()
    session = ui_store.create_session("App")
    person = ui_store.join(session.code, None, join_token="app")
    app = participant.quiz("myths_quiz", store=ui_store, content=content)
    app.bind(Visit.from_strings(f"code={session.code}&p={person.key}"))
    assert isinstance(app.view, QuizView) and len(app.view.cards) == len(content["myths_quiz"].quiz_items)
    assert isinstance(participant.exercise("myths_quiz", store=ui_store, content=content), type(app))
    assert "not available" in participant.quiz("confidentiality", store=ui_store, content=content).children[1].value


def test_a_long_quiz_shows_its_first_statements_at_once_and_adds_the_rest(room, monkeypatch):
    """In a kernel (an event loop running), does a quiz show its first statements with the view, add
    the others a moment later in order, and keep draft choices of statements not built yet, both on
    screen once they are built and in a draft saved before then?"""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from kit.content import load_content
    from kit.kinds.quiz import view as quiz_view
    from kit.ui import progressive

    store, session, ana, _ = room
    myths = load_content()["myths_quiz"]
    ids = [item.id for item in myths.quiz_items]
    store.save_draft(ana.key, myths.id, {ids[-1]: {"answer": myths.quiz_items[-1].answer}}, run=1)
    monkeypatch.setattr(progressive, "FIRST", 4)
    monkeypatch.setattr(progressive, "MORE_AFTER", (0.05, 0.1))

    async def build():
        view = QuizView(store, myths, session, ana)
        first = list(view.cards)
        progress = view.progress.value
        drafted = view._unchecked()
        view.cards[ids[0]].answer.value = myths.quiz_items[0].answer
        while len(view.cards) < len(ids):
            await asyncio.sleep(0.02)
        return view, first, progress, drafted

    # On a thread of its own: another test's browser may have left a loop marked running here.
    with ThreadPoolExecutor(1) as pool:
        view, first, progress, drafted = pool.submit(asyncio.run, build()).result(timeout=30)
    assert first == ids[:quiz_view.FIRST_CARDS] and 0 < quiz_view.FIRST_CARDS < len(ids)
    assert f'data-checked="0" data-total="{len(ids)}"' in progress  # counts every statement from the start
    assert ids[-1] in drafted  # a draft saved early keeps the choice of a statement not built yet
    assert list(view.cards) == ids and [c.item.id for c in view.card_box.children] == ids
    assert view.cards[ids[-1]].answer.value == myths.quiz_items[-1].answer  # put back once built
    assert set(view._unchecked()) == {ids[0], ids[-1]}


def test_a_quiz_closed_before_it_is_whole_leaves_no_widgets(room, monkeypatch):
    """When the room drops a quiz view while statements are still being added, does closing it stop
    the additions and close every widget it made, the late ones included?"""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from ipywidgets.widgets.widget import _instances

    from kit.content import load_content
    from kit.ui import progressive

    store, session, ana, _ = room
    myths = load_content()["myths_quiz"]
    monkeypatch.setattr(progressive, "FIRST", 2)
    monkeypatch.setattr(progressive, "MORE_AFTER", (0.0, 0.01))
    monkeypatch.setattr(progressive, "MORE", 3)

    async def build_and_close():
        before = set(_instances)
        view = QuizView(store, myths, session, ana)
        while len(view.cards) < 8:  # some statements came later
            await asyncio.sleep(0.01)
        made = set(_instances) - before
        view.close()
        for model_id in made:
            widget = _instances.get(model_id)
            if widget is not None:
                widget.close()  # what the room does with the view's first models
        built = len(view.cards)
        await asyncio.sleep(0.5)
        return view, before, built

    with ThreadPoolExecutor(1) as pool:
        view, before, built = pool.submit(asyncio.run, build_and_close()).result(timeout=30)
    assert len(view.cards) == built < len(myths.quiz_items)  # nothing added after closing
    assert set(_instances) - before == set()
