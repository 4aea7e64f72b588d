"""The pairing view: ask by code, the owner's Accept / Decline, nothing shown before Accept, leaving,
the attempt limit, and the comparison of an accepted pair."""

from datetime import timedelta

from kit.store import NO_PAIR_MESSAGE, format_pair_code
from kit.ui.exercise import ExerciseView
from kit.ui.pairing import ONE_CONSENT
from kit.ui.parts import is_shown
from tests.factories import Clock, tiny_exercise


def submit(view, values):
    for field, value in zip(view.form.fields.values(), values):
        field.control.value = value
    view.submit.click()


def ask(view, code):
    view.pairing.code.value = code
    view.pairing.button.click()


def answer(view, accept=True):
    """Press Accept (or Decline) on the first request shown on ``view``'s page."""
    view.pairing.refresh()  # what the poller does every few seconds
    [row] = view.pairing.requests.children
    buttons = row.children[1].children
    button = next(b for b in buttons if ("mk-accept-pair" if accept else "mk-decline-pair") in b._dom_classes)
    button.click()


def page_text(view) -> str:
    """Every bit of HTML the pairing part of a page shows."""
    parts = [view.pairing.intro.value, view.pairing.status.value, view.pairing.feedback.value,
             view.pairing.result.value]
    for row in view.pairing.requests.children:
        parts.append(row.children[0].value)
    return "\n".join(parts)


def test_pair_by_consent_and_compare(room):
    """Does asking show the owner "wants to pair with you", and after Accept do both see each other's
    answers side by side, differences first?"""
    store, session, ana, anon = room
    ex = tiny_exercise(3)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    assert format_pair_code(ana.pair_code) in a.pairing.intro.value and ONE_CONSENT in a.pairing.intro.value
    submit(a, ["yes", "no", "not_sure"])
    ask(b, ana.pair_code.lower())
    assert f"You asked the owner of pair code {format_pair_code(ana.pair_code)}" in b.pairing.status.value
    assert b.pairing.result.value == "" and "Ana" not in page_text(b)
    a.pairing.refresh()
    assert "<b>Anonymous participant</b>" in page_text(a) and "wants to pair with you" in page_text(a)
    assert "Paired with" not in page_text(a)
    answer(a)
    assert "Paired with <b>Your partner</b>" in a.pairing.status.value  # the partner stayed anonymous
    assert "Waiting for your partner" in a.pairing.result.value
    b.pairing.refresh()
    assert "Paired with <b>Ana &lt;b&gt;</b>" in b.pairing.status.value  # the name is escaped
    assert "Submit your answers above" in b.pairing.result.value
    submit(b, ["yes", "yes", "yes"])
    a.pairing.refresh()
    html = a.pairing.result.value
    assert "You agree on 1 statement, differ on 1" in html
    assert html.index('data-item="s2"') < html.index('data-item="s1"')  # differences first
    assert "Discuss 2" in html


def test_nothing_of_the_owner_before_accept(room):
    """While a request waits, does the requester see nothing of the owner's answers or name, and the
    owner nothing of the requester's answers?"""
    store, session, ana, anon = room
    ex = tiny_exercise(2)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    submit(a, ["yes", "no"])
    submit(b, ["no", "no"])
    ask(b, ana.pair_code)
    a.pairing.refresh()
    b.pairing.refresh()
    assert a.pairing.result.value == b.pairing.result.value == ""
    assert "Ana" not in page_text(b) and store.partner(anon.key) is None


def test_a_declined_request_shows_nothing_of_the_owner(room):
    """Does a declined request show the requester the same neutral message as a code nobody has, and
    nothing of the owner?"""
    store, session, ana, anon = room
    ex = tiny_exercise(1)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    ask(b, ana.pair_code)
    answer(a, accept=False)
    assert "You declined" in a.pairing.feedback.value and a.pairing.requests.children == ()
    b.pairing.refresh()
    declined = b.pairing.status.value
    assert NO_PAIR_MESSAGE.format(code=format_pair_code(ana.pair_code)) in declined
    assert "Ana" not in page_text(b) and 'role="alert"' in declined
    nobody = "BBBBBBBB" if ana.pair_code != "BBBBBBBB" else "CCCCCCCC"
    ask(b, nobody)
    unknown = b.pairing.status.value
    assert unknown.replace(format_pair_code(nobody), "CODE") == declined.replace(format_pair_code(ana.pair_code), "CODE")


def test_leaving_tells_the_old_partner(room):
    """After one partner leaves, is the other told, does the comparison go, and is the code box back
    so a new pair can be asked for (and accepted) again?"""
    store, session, ana, anon = room
    ex = tiny_exercise(1)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    submit(a, ["yes"])
    submit(b, ["no"])
    ask(a, anon.pair_code)
    answer(b)
    a.pairing.refresh()
    assert "mk-compare" in a.pairing.result.value and is_shown(a.pairing.leave)
    b.pairing.leave.click()
    assert "You left the pair with Ana &lt;b&gt;" in b.pairing.feedback.value
    assert is_shown(b.pairing.entry) and not is_shown(b.pairing.leave)
    a.pairing.refresh()
    assert "Your partner left your pair at" in a.pairing.status.value
    assert a.pairing.result.value == "" and is_shown(a.pairing.entry)
    ask(b, ana.pair_code)  # asking again needs a new Accept
    assert store.partner(anon.key) is None
    answer(a)
    assert store.partner(anon.key) == ana and "left your pair" not in a.pairing.status.value


def test_the_page_shows_the_wait_after_too_many_requests(room):
    """After five requests in a minute, does the page show how long to wait, refuse the sixth, and
    let me ask again once the minute is over?"""
    store, session, ana, anon = room
    store.clock = clock = Clock()
    a = ExerciseView(store, tiny_exercise(1), session, ana, poll_seconds=None)
    for letter in "BCDFG":
        clock.now += timedelta(seconds=2)
        ask(a, f"BBBBBBB{letter}")
    assert "No pair was made" in a.pairing.status.value
    assert "You can ask again in 52 seconds" in a.pairing.status.value  # shown before the sixth try
    ask(a, anon.pair_code)
    assert "You can ask again in 52 seconds" in a.pairing.status.value and "was not sent" in a.pairing.feedback.value
    assert store.pairing_state(anon.key).incoming == ()  # the sixth request never reached Kim
    clock.now += timedelta(seconds=30)
    a.pairing.refresh()
    assert "You can ask again in 22 seconds" in a.pairing.status.value
    clock.now += timedelta(seconds=22)
    ask(a, anon.pair_code)
    assert "Waiting for them" in a.pairing.status.value and len(store.pairing_state(anon.key).incoming) == 1


def test_pairing_errors_are_shown(room):
    """Are one's own code and a malformed code refused with a message, leaving no pair?"""
    store, session, ana, anon = room
    ex = tiny_exercise(1)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    ask(a, ana.pair_code)
    assert 'role="alert"' in a.pairing.feedback.value and "your own pair code" in a.pairing.feedback.value
    ask(a, "ZZZZ")
    assert 'role="alert"' in a.pairing.feedback.value and "8 letters and digits" in a.pairing.feedback.value
    assert store.partner(ana.key) is None


def test_comparison_survives_reload(room):
    """Does a reloaded page show the pair and the comparison straight away?"""
    store, session, ana, anon = room
    ex = tiny_exercise(2)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    submit(a, ["yes", "no"])
    submit(b, ["no", "no"])
    ask(a, anon.pair_code)
    answer(b)
    again = ExerciseView(store, ex, session, anon, poll_seconds=None)
    assert "mk-compare" in again.pairing.result.value
    assert not is_shown(again.pairing.entry)


def test_partners_see_their_two_rankings_only_after_accept(room):
    """On a paired ranking (seven things), do two people who both submitted see nothing of each other
    before Accept, and after it both orders side by side with the options far apart marked?"""
    from kit.content import load_content

    store, session, ana, anon = room
    ex = load_content()["seven_things"]
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    ranking_a, ranking_b = a.form.fields["first"], b.form.fields["first"]
    ranking_a.keep.click()  # the order as shown
    a.submit.click()
    for _ in range(3):  # the first option down three places, a row at a time
        row = ranking_b.order.index("get_to_know")
        ranking_b.move(row, 1)
    b.submit.click()
    assert ranking_b.get()[3] == "get_to_know"
    ask(b, ana.pair_code)
    a.pairing.refresh()
    b.pairing.refresh()
    assert a.pairing.result.value == b.pairing.result.value == ""  # asked, not accepted: nothing
    answer(a)
    b.pairing.refresh()
    for view, other in ((a, "Your partner"), (b, "Ana &lt;b&gt;")):
        html = view.pairing.result.value
        assert 'class="mk-rank-compare"' in html and html.count("<tr><th scope=\"row\">") == 7
        assert "Your orders differ most on: Take time to get to know one another" in html
        assert f"<th scope=\"col\">{other}</th>" in html and html.count("<mark>") == 2
    assert "(you 1st, Your partner 4th)" in a.pairing.result.value
    assert "(you 4th, Ana &lt;b&gt; 1st)" in b.pairing.result.value


def test_an_older_refusal_is_not_shown_next_to_a_newer_error(room):
    """After a declined request, does a new press refused for another reason (my own code) show only
    its own message, not the old "No pair was made" beside it, while a reloaded page still says it?"""
    store, session, ana, anon = room
    ex = tiny_exercise(1)
    a = ExerciseView(store, ex, session, ana, poll_seconds=None)
    b = ExerciseView(store, ex, session, anon, poll_seconds=None)
    ask(b, ana.pair_code)
    answer(a, accept=False)
    b.pairing.refresh()
    assert "No pair was made" in b.pairing.status.value
    ask(b, anon.pair_code)
    assert "your own pair code" in b.pairing.feedback.value and "No pair was made" not in page_text(b)
    again = ExerciseView(store, ex, session, anon, poll_seconds=None)  # a reload: the last request's outcome
    assert "No pair was made" in again.pairing.status.value
