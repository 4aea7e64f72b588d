from kit.ui.exercise import ExerciseView
from tests.factories import tiny_exercise


def submit(view, values):
    for field, value in zip(view.form.fields.values(), values):
        field.control.value = value
    view.submit.click()


def test_pair_and_compare(room):
    """Do two partners who pair by code see each other's answers side by side, differences first?"""
    store, session, ana, anon = room
    ex = tiny_exercise(3)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    assert ana.pair_code in a.pairing.intro.value
    submit(a, ["yes", "no", "not_sure"])
    b.pairing.code.value = ana.pair_code.lower()
    b.pairing.button.click()
    assert "Paired with" in b.pairing.status.value
    assert "Submit your answers above" in b.pairing.result.value
    a.pairing.refresh()  # what the poller does every few seconds
    assert "Paired with <b>Your partner</b>" in a.pairing.status.value  # the partner stayed anonymous
    assert "Waiting for your partner" in a.pairing.result.value
    submit(b, ["yes", "yes", "yes"])
    a.pairing.refresh()
    html = a.pairing.result.value
    assert "You agree on 1 statement, differ on 1" in html
    assert html.index('data-item="s2"') < html.index('data-item="s1"')  # differences first
    assert "Discuss 2" in html
    # the partner's name is escaped
    assert "Ana &lt;b&gt;" in b.pairing.result.value or "Ana &lt;b&gt;" in b.pairing.status.value


def test_pairing_errors_are_shown(room):
    """Are one's own code and an unknown code refused with a message, leaving no pair?"""
    store, session, ana, anon = room
    ex = tiny_exercise(1)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    a.pairing.code.value = ana.pair_code
    a.pairing.button.click()
    assert 'role="alert"' in a.pairing.status.value
    a.pairing.code.value = "ZZZZ" if ana.pair_code != "ZZZZ" else "YYYY"
    a.pairing.button.click()
    assert 'role="alert"' in a.pairing.status.value
    assert store.partner(ana.key, ex.id) is None


def test_comparison_survives_reload(room):
    """Does a reloaded page show the pair and the comparison straight away?"""
    store, session, ana, anon = room
    ex = tiny_exercise(2)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    submit(a, ["yes", "no"])
    submit(b, ["no", "no"])
    a.pairing.code.value = anon.pair_code
    a.pairing.button.click()
    again = ExerciseView(store, ex, session, anon, poll_seconds=None)
    assert "mk-compare" in again.pairing.result.value
    assert again.pairing.entry.layout.display == "none"
