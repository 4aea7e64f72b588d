"""Every participant-facing input, fuzzed: random, huge and hostile text never raises out of a view,
and rejected input changes nothing stored."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kit.apps import participant
from kit.store import Store
from kit.ui.exercise import ExerciseView
from kit.ui.join import JoinView
from kit.ui.visit import Visit
from tests.factories import tiny_exercise

HOSTILE = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=60),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "\u202e\u202d", "🙂" * 50, "a" * 5000,
                     "Robert'); DROP TABLE participants;--", "\r\n\t", "ＡＢＣ１２３", "%00%27", "&lt;b&gt;"]),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'f.sqlite3'}")
    yield store
    store.dispose()


def snapshot(store: Store, code: str) -> tuple:
    return store.count_participants(code), tuple(sorted(map(repr, store.latest_answers(code, "tiny"))))


@FUZZ
@given(code=HOSTILE, name=HOSTILE, anonymous=st.booleans())
def test_join_form(fuzz_store, code, name, anonymous):
    """Does the join form answer any code and name with a message or a join, never an exception?"""
    session = fuzz_store.create_session("Fuzz join")
    joined = []
    view = JoinView(fuzz_store, lambda s, p: joined.append(p), code=code)
    view.name.value, view.anonymous.value = name, anonymous
    view.button.click()
    if joined:
        assert fuzz_store.count_participants(session.code) == 0  # another code: not this session
    else:
        assert view.status.value == "" or "mk-error" in view.status.value or "mk-warn" in view.status.value
    assert "<script>" not in view.status.value


@FUZZ
@given(query=HOSTILE, cookie=HOSTILE)
def test_visit_parameters(fuzz_store, query, cookie):
    """Does any query string and cookie header lead to a page (join form or app), never an exception?"""
    ex = tiny_exercise(1)
    app = participant.exercise(ex.id, store=fuzz_store, content={ex.id: ex}, poll_seconds=None)
    app.bind(Visit.from_strings(query, cookie))
    assert app.body.children


@FUZZ
@given(text=HOSTILE, choice=st.one_of(st.none(), st.sampled_from(["yes", "no", "not_sure"])), partner=HOSTILE)
def test_answers_and_pair_codes(fuzz_store, text, choice, partner):
    """Do hostile free text and pair codes give a message or a save, never an exception, and does a
    rejected submit leave the stored answers unchanged?"""
    session = fuzz_store.create_session("Fuzz answers")
    me = fuzz_store.join(session.code, None, join_token=None)
    ex = tiny_exercise(1, with_text=True)
    view = ExerciseView(fuzz_store, ex, session, me, poll_seconds=None)
    view.form.fields["s1"].control.value = "yes"
    view.submit.click()
    before = snapshot(fuzz_store, session.code)
    view.form.fields["s1"].control.value = choice
    view.form.fields["note"].control.value = text
    view._submit()  # even when the button is disabled
    after = snapshot(fuzz_store, session.code)
    if "mk-error" in view.status.value:
        assert after == before
    assert "<script>" not in view.status.value
    view.pairing.code.value = partner
    view.pairing.button.click()
    assert "<script>" not in view.pairing.status.value + view.pairing.feedback.value
    assert fuzz_store.partner(me.key) is None  # nobody else is in this session
