"""The shared agreement view: one document per pair, prefilled from SMART goals, partner's saves
picked up, stale submits refused, printable once saved."""

from __future__ import annotations

import uuid

import pytest

from kit import paths
from kit.content import load_exercise
from kit.store import format_pair_code
from ipywidgets.widgets.widget import _instances

from kit.ui.agreement import AgreementView
from kit.ui.parts import is_shown

HOSTILE = "<script>alert(1)</script> & co"


@pytest.fixture(scope="module")
def content():
    folder = paths.data_dir() / "exercises"
    return {ex.id: ex for ex in (load_exercise(folder / "agreement.yaml"), load_exercise(folder / "smart_goals.yaml"))}


def view(store, content, session, person):
    return AgreementView(store, content["agreement"], session, person, poll_seconds=None, content=content)


def type_in(v, **values):
    for item_id, value in values.items():
        v.form.fields[item_id].control.value = value


def offered(v):
    """Is "a newer version was saved" with "Load it" shown on ``v``?"""
    return v.newer is not None and is_shown(v.newer)


def goal_boxes(v):
    return [card["goal"].value for card in v.form.fields["goals"].cards]


def smart_goals(store, person, *goals):
    answers = {"goals": {"goals": [{"versions": versions, "checks": {}, "shared": False} for versions in goals]}}
    store.submit(person.key, "smart_goals", answers, submission_id=uuid.uuid4().hex)


def pair_up(store, a, b, ana, anon):
    """Kim (``b``) asks Ana (``a``) by her code; Ana's page shows the request and she accepts."""
    b.pairing.code.value = ana.pair_code
    b.pairing.button.click()
    a.refresh()  # what the poller does every few seconds
    [row] = a.pairing.requests.children
    next(button for button in row.children[1].children if "mk-accept-pair" in button._dom_classes).click()
    b.refresh()
    assert store.partner(ana.key).key == anon.key


def test_goals_prefilled_from_smart_goals(room, content):
    """Do empty goal cards start from the latest wording of my SMART goals, saying so, and does that
    count as nothing unsaved?"""
    store, session, ana, _ = room
    smart_goals(store, ana, ["Be a better mentor", "Hold a monthly 1:1 with my mentee by May"], ["Read two books"])
    v = view(store, content, session, ana)
    assert goal_boxes(v) == ["Hold a monthly 1:1 with my mentee by May", "Read two books", ""]
    assert "Filled in from your goals in" in v.note.value and "edit freely" in v.note.value
    assert not v.has_unsaved_edits
    type_in(v, mentor_name="Rosa", mentee_name="Ana")
    assert v.has_unsaved_edits and not v.submit.disabled
    v.submit.click()
    stored = store.latest_response(ana.key, "agreement").answers
    assert stored["goals"] == [{"goal": "Hold a monthly 1:1 with my mentee by May"}, {"goal": "Read two books"}]


def test_goals_prefilled_before_their_item_is_built(room, content, monkeypatch):
    """In a kernel (an event loop runs), is only the document's first item built with the view, do
    the prefilled goals count meanwhile (nothing unsaved), and do they show once the rest is built?"""
    from kit.ui import progressive
    from tests.factories import run_async

    monkeypatch.setattr(progressive, "FIRST", 4)  # as in a kernel (the widget tests build forms whole)
    store, session, ana, _ = room
    smart_goals(store, ana, ["Read two books"])

    async def build():
        v = AgreementView(store, content["agreement"], session, ana, poll_seconds=None, content=content)
        built_first = list(v.form.fields)
        prefilled, unsaved = v.form.answers.get("goals"), v.has_unsaved_edits
        v.form.finish()
        boxes = goal_boxes(v)
        v.close()
        return built_first, prefilled, unsaved, boxes, v.note.value

    built_first, prefilled, unsaved, boxes, note = run_async(build())
    assert built_first == ["mentor_name"] and "goals" not in built_first
    assert prefilled == [{"goal": "Read two books"}] and not unsaved and "Filled in from your goals" in note
    assert boxes == ["Read two books", "", ""]


def test_no_prefill_without_smart_goals_or_when_goals_exist(room, content):
    """Is nothing prefilled without SMART goals, nor over goals the pair already saved?"""
    store, session, ana, anon = room
    v = view(store, content, session, anon)
    assert goal_boxes(v) == ["", "", ""] and v.note.value == ""
    type_in(v, mentor_name="Rosa", mentee_name="Kim")
    v.form.fields["goals"].cards[0]["goal"].value = "Our own goal"
    v.submit.click()
    smart_goals(store, anon, ["A SMART goal"])
    again = view(store, content, session, anon)
    assert goal_boxes(again) == ["Our own goal", "", ""] and again.note.value == ""


def test_partners_save_is_picked_up(room, content):
    """Once paired, does my page show my partner's saved version by itself, and when I have unsaved
    edits, offer it with "Load it" instead of wiping them?"""
    store, session, ana, anon = room
    a, b = view(store, content, session, ana), view(store, content, session, anon)
    assert "Fill this in with your partner" in a.pairing.intro.value and format_pair_code(ana.pair_code) in a.pairing.intro.value
    pair_up(store, a, b, ana, anon)
    assert "Paired with <b>Your partner</b>" in a.pairing.status.value
    assert "Paired with <b>Ana &lt;b&gt;</b>" in b.pairing.status.value
    assert a.pairing.result.value == ""  # nothing to compare in a shared document

    type_in(b, mentor_name="Rosa", mentee_name="Kim", meeting_cadence="Monthly")
    b.submit.click()
    a.refresh()
    assert a.form.fields["mentor_name"].control.value == "Rosa"
    assert a.form.fields["meeting_cadence"].control.value == "Monthly"
    assert "Your partner saved a newer version" in a.status.value
    assert not offered(a)

    type_in(a, meeting_cadence="Every two weeks")  # Ana edits without saving...
    type_in(b, ground_rules="What is said here stays here")
    b.submit.click()  # ...while her partner saves again
    a.refresh()
    assert a.form.fields["meeting_cadence"].control.value == "Every two weeks"  # her edit is kept
    assert offered(a) and "saved a newer version" in a.notice.value
    a.load.click()
    assert a.form.fields["meeting_cadence"].control.value == "Monthly"
    assert a.form.fields["ground_rules"].control.value == "What is said here stays here"
    assert not offered(a) and not a.has_unsaved_edits


def test_stale_submit_is_refused_and_nothing_is_overwritten(room, content):
    """When my partner saved while I was editing, is my submit refused with a clear message, nothing
    stored, and does it go through after I load the newer version?"""
    store, session, ana, anon = room
    a, b = view(store, content, session, ana), view(store, content, session, anon)
    pair_up(store, a, b, ana, anon)
    type_in(b, mentor_name="Rosa", mentee_name="Kim")
    b.submit.click()
    type_in(a, mentor_name="Someone else", mentee_name="Ana")  # Ana's page never loaded Kim's version
    a.submit.click()
    assert "Your partner saved a newer version at" in a.status.value
    assert "while you were editing: load it, then make your change again." in a.status.value
    assert 'role="alert"' in a.status.value
    assert store.latest_response(ana.key, "agreement") is None
    assert b.version.token == (anon.key, 1)
    b.refresh()
    assert b.form.fields["mentor_name"].control.value == "Rosa"  # Kim's version still counts
    assert offered(a)  # "Load it" is offered
    a.load.click()
    type_in(a, mentee_name="Ana B.")
    a.submit.click()
    assert "Saved." in a.status.value
    assert store.latest_response(ana.key, "agreement").answers == {"mentor_name": "Rosa", "mentee_name": "Ana B."}


def test_alone_without_partner_and_reload(room, content):
    """Does a shared exercise work for one person with no partner, and does a reload show the saved version?"""
    store, session, ana, _ = room
    v = view(store, content, session, ana)
    assert v.submit.disabled  # both names are required
    type_in(v, mentor_name="Rosa", mentee_name="Ana")
    v.submit.click()
    assert "Saved." in v.status.value
    assert store.latest_response(ana.key, "agreement").revision == 1
    v.submit.click()  # a second click stores nothing new
    assert len(store.response_history(ana.key, "agreement")) == 1
    again = view(store, content, session, ana)
    assert again.form.fields["mentee_name"].control.value == "Ana"
    assert "the version you saved at" in again.status.value


def test_printable_offered_once_saved_and_escaped(room, content):
    """Is "Print or save as PDF" offered only once a version exists, with the pair's text escaped
    in the page and in the link, and no script in the document?"""
    store, session, ana, _ = room
    v = view(store, content, session, ana)
    assert v.printout is None  # nothing to print yet, so no panel is made
    type_in(v, mentor_name=HOSTILE, mentee_name="Ana & Kim", start_date="1 May")
    v.form.fields["goals"].cards[0]["goal"].value = "Grow"
    v.submit.click()
    assert v.printout.layout.display is None and v.children.index(v.printout) == v.children.index(v.status) + 1
    doc = v.printout.document
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in doc and "Ana &amp; Kim" in doc
    assert "1 May" in doc and "<li>Grow</li>" in doc and "<script" not in doc
    links = v.printout.links.value
    assert "Print or save as PDF" in links and 'download="mentoring-agreement.html"' in links
    assert "<script" not in links.lower()  # the document is percent-encoded in the download link
    script = v.printout.bridge.sent[-1]
    assert v.printout.anchor_id in script and "createObjectURL" in script
    payload = script.split("html=", 1)[1].split(";var url=", 1)[0]
    assert payload.startswith('"\\u003c!DOCTYPE html>') and "<" not in payload  # it cannot close a script element
    reloaded = view(store, content, session, ana)
    assert reloaded.printout.layout.display is None and reloaded.printout.document == doc


def test_closed_session_is_read_only(room, content):
    """After the session ends, is the pair's version shown read-only?"""
    store, session, ana, _ = room
    v = view(store, content, session, ana)
    type_in(v, mentor_name="Rosa", mentee_name="Ana")
    v.submit.click()
    closed = store.close_session(session.code)
    after = view(store, content, closed, ana)
    assert after.form.fields["mentor_name"].control.value == "Rosa"
    assert after.form.fields["mentor_name"].control.disabled and after.submit.disabled
    assert "session has ended" in after.status.value


def test_participant_app_dispatches_shared_exercises(room, content):
    """Does the participant app open a shared exercise in the agreement view, without polling in tests?"""
    from kit.apps import participant
    from kit.ui.visit import Visit

    store, session, ana, _ = room
    app = participant.exercise("agreement", store=store, content=content, poll_seconds=None)
    app.bind(Visit.from_strings(f"code={session.code}&p={ana.key}"))
    assert isinstance(app.view, AgreementView)
    assert app.view.poller is None


def test_my_unsubmitted_changes_to_the_pair_document_come_back_and_stay_mine(room):
    """Do my changes to the agreement that I did not submit come back after a reload, marked as not
    submitted, and stay out of the stored answers?"""
    from kit.content import load_content

    store, session, ana, anon = room
    exercise = load_content()["agreement"]
    view = AgreementView(store, exercise, session, ana, poll_seconds=None)
    field = next(f for f in view.form.fields.values() if f.item.type == "text")
    field.control.value = "We meet every second Tuesday"
    again = AgreementView(store, exercise, session, ana, poll_seconds=None)
    assert next(f for f in again.form.fields.values() if f.item.type == "text").control.value == \
        "We meet every second Tuesday"
    assert "not submitted yet" in again.status.value
    assert store.latest_response(ana.key, "agreement") is None


def test_an_agreement_written_alone_stays_mine_until_a_pair_is_accepted(room, content):
    """Does the agreement Ana saved alone stay off Kim's page while Kim's request waits, show up once
    Ana accepts, and leave Kim's page again (unless Kim changed it) when Ana leaves the pair?"""
    store, session, ana, anon = room
    a, b = view(store, content, session, ana), view(store, content, session, anon)
    type_in(a, mentor_name="Ana's private draft", mentee_name="Nobody yet")
    a.submit.click()
    b.pairing.code.value = ana.pair_code
    b.pairing.button.click()
    b.refresh()
    assert b.form.fields["mentor_name"].control.value == "" and b.version is None
    a.refresh()
    assert a.form.fields["mentor_name"].control.value == "Ana's private draft"
    [row] = a.pairing.requests.children
    next(button for button in row.children[1].children if "mk-accept-pair" in button._dom_classes).click()
    b.refresh()
    assert b.form.fields["mentor_name"].control.value == "Ana's private draft"
    a.pairing.leave.click()
    b.refresh()
    assert b.form.fields["mentor_name"].control.value == "" and b.version is None
    assert "left your pair" in b.pairing.status.value


def test_parts_added_later_are_placed_and_closed_with_the_view(room, content):
    """Are the newer-version notice and the print panel, made only when first needed, put where people
    read (below the pairing box, below the confirmation), and closed with the view?"""
    store, session, ana, anon = room
    a, b = view(store, content, session, ana), view(store, content, session, anon)
    assert a.newer is None and a.printout is None
    pair_up(store, a, b, ana, anon)
    type_in(a, mentor_name="Ana", mentee_name="Kim")
    a.submit.click()
    type_in(a, mentee_name="an unsaved edit")
    type_in(b, mentor_name="Rosa", mentee_name="Kim")
    b.submit.click()  # refused: Ana saved first and Kim's page has not loaded it
    assert offered(b) and b.children.index(b.newer) == b.children.index(b.pairing) + 1
    b.load.click()
    type_in(b, mentor_name="Rosa")
    b.submit.click()
    assert "Saved." in b.status.value
    a.refresh()
    assert offered(a)
    later = [a.newer, a.notice, a.load, a.printout, a.printout.links, a.printout.bridge, a.printout.layout]
    ids = [w.model_id for w in later]
    assert all(i in _instances for i in ids)
    a.close()
    assert not any(i in _instances for i in ids) and a.pairing.comm is None
