import json

import pytest

from kit.apps import participant
from kit.ui.shell import WhoChoice, participant_link
from kit.ui.join import JoinView
from kit.ui.visit import Visit, cookie_name
from tests.factories import confidentiality


def app_for(store):
    return participant.exercise("confidentiality", store=store, content={"confidentiality": confidentiality()},
                                poll_seconds=None)


def join_view(app) -> JoinView:
    (view,) = app.body.children
    assert isinstance(view, JoinView)
    return view


def test_code_prefilled_and_join_with_name(ui_store):
    """Is the join code taken from the URL, and does joining show the exercise and remember the key?"""
    session = ui_store.create_session("S")
    app = app_for(ui_store).bind(Visit.from_strings(f"code={session.code.lower()}"))
    view = join_view(app)
    assert view.code.value == session.code
    view.name.value = "Sam"
    view.button.click()
    assert app.participant is not None and app.participant.display_name == "Sam"
    assert "Sam" in app.identity.value
    script = app.bridge.sent[-1]
    assert cookie_name(session.code) in script and app.participant.key in script
    assert ui_store.count_participants(session.code) == 1


def test_double_click_join_creates_one_participant(ui_store):
    """Do two clicks on Join (same page) create one participant?"""
    session = ui_store.create_session("S")
    app = app_for(ui_store).bind(Visit.from_strings(f"code={session.code}"))
    view = join_view(app)
    view.anonymous.value = True
    view._join()
    view._join()
    assert ui_store.count_participants(session.code) == 1


@pytest.mark.parametrize("code,name,anonymous,needle", [
    ("", "Sam", False, "code"),
    ("QQQQQQ", "Sam", False, "No workshop session"),
    ("{code}", "", False, "Stay anonymous"),
    ("{code}", "   ", False, "Stay anonymous"),
    ("{code}", "\u200b\u2066\u200b", False, "Stay anonymous"),  # only invisible characters: not a name
    ("{code}", "x" * 41, False, "40 characters"),
])
def test_join_errors(ui_store, code, name, anonymous, needle):
    """Do wrong codes and empty or overlong names get a clear message and store nobody?"""
    session = ui_store.create_session("S")
    app = app_for(ui_store).bind(Visit())
    view = join_view(app)
    view.code.value = code.format(code=session.code)
    view.name.value = name
    view.anonymous.value = anonymous
    view.button.click()
    assert needle.lower() in view.status.value.lower()
    assert 'role="alert"' in view.status.value
    assert ui_store.count_participants(session.code) == 0
    assert not view.button.disabled


def test_closed_session_refuses_join(ui_store):
    """Does a closed session say it has ended instead of letting people join?"""
    session = ui_store.create_session("S")
    ui_store.close_session(session.code)
    app = app_for(ui_store).bind(Visit.from_strings(f"code={session.code}"))
    view = join_view(app)
    assert "ended" in view.status.value
    view.anonymous.value = True
    view.button.click()
    assert "ended" in view.status.value
    assert ui_store.count_participants(session.code) == 0


def test_key_in_url_or_cookie_returns_the_same_participant(ui_store):
    """Do a reload (key in URL) and a second tab (key in cookie) bring back the same participant?"""
    session = ui_store.create_session("S")
    p = ui_store.join(session.code, "Kim", join_token="t")
    by_url = app_for(ui_store).bind(Visit.from_strings(f"code={session.code}&p={p.key}"))
    assert by_url.participant.key == p.key
    by_cookie = app_for(ui_store).bind(Visit.from_strings(f"code={session.code}", f"{cookie_name(session.code)}={p.key}"))
    assert by_cookie.participant.key == p.key
    fresh = app_for(ui_store).bind(Visit.from_strings(f"code={session.code}&new=1",
                                                      f"{cookie_name(session.code)}={p.key}"))
    assert fresh.participant is None  # "Not you?" asks to join again
    assert ui_store.count_participants(session.code) == 1


def test_foreign_key_is_not_accepted(ui_store):
    """Does a key from another session (or a made-up one) lead to the join form, not someone's answers?"""
    s1, s2 = ui_store.create_session("A"), ui_store.create_session("B")
    p = ui_store.join(s1.code, "Kim", join_token="t")
    app = app_for(ui_store).bind(Visit.from_strings(f"code={s2.code}&p={p.key}"))
    assert app.participant is None
    assert "does not belong to anyone in this session" in join_view(app).status.value
    app = app_for(ui_store).bind(Visit.from_strings(f"code={s2.code}&p=%3Cscript%3E"))
    assert app.participant is None
    # The same neutral words for a key nobody ever had: the page does not say whether it existed.
    assert "does not belong to anyone in this session" in join_view(app).status.value
    assert "<script" not in join_view(app).status.value


def test_visit_parsing_tolerates_junk():
    """Are malformed cookies and odd query strings ignored rather than fatal?"""
    v = Visit.from_strings("code=AB&code=CD&p=&x=%ZZ", 'mk_AB="unterminated; other=1; mk_CD=k2')
    assert v.code == "CD" and v.key == ""
    assert Visit.from_strings("", "\x00;;=").cookies == {}


def test_broken_content_refuses_to_start(ui_store, tmp_path, monkeypatch):
    """Does a participant app on invalid content show the file/line problems instead of a form?"""
    (tmp_path / "bad.yaml").write_text("id: x\ntitle: [unclosed\n")
    monkeypatch.setenv("MENTORKIT_CONTENT", str(tmp_path))
    app = participant.exercise("confidentiality", store=ui_store)
    assert isinstance(app, participant.ProblemView)
    text = app.children[1].value
    assert "bad.yaml:" in text and "cannot start" in text




def test_a_join_the_database_cannot_take_says_so_logs_it_and_stores_nobody(ui_store, tmp_path, caplog):
    """With the database read-only, does Join say in plain words that joining is not possible now, log
    the reason on the server, give the button back, and store nobody?"""
    from kit.store import Store

    session = ui_store.create_session("S")
    path = ui_store.engine.url.database
    read_only = Store(f"sqlite:///file:{path}?mode=ro&uri=true", create=False)
    try:
        app = participant.exercise("confidentiality", store=read_only, content={"confidentiality": confidentiality()},
                                   poll_seconds=None).bind(Visit.from_strings(f"code={session.code}"))
        view = join_view(app)
        view.name.value = "Sam"
        with caplog.at_level("WARNING", logger="kit"):
            view.button.click()
        assert "Joining is not possible right now" in view.status.value
        assert not view.button.disabled
        assert any("join failed" in r.getMessage() and "readonly" in r.getMessage().lower() for r in caplog.records)
    finally:
        read_only.dispose()
    assert ui_store.count_participants(session.code) == 0


def _visit(session, *, link_key: str = "", cookie_key: str = "", extra: str = "") -> Visit:
    query = f"code={session.code}" + (f"&p={link_key}" if link_key else "") + extra
    return Visit.from_strings(query, f"{cookie_name(session.code)}={cookie_key}" if cookie_key else "")


def test_link_with_another_key_asks_before_switching(ui_store):
    """When the link's key is someone else's than the browser remembers, is the person asked, with
    nobody's page shown and nothing remembered until they choose?"""
    session = ui_store.create_session("S")
    carol, other = ui_store.join(session.code, "Carol"), ui_store.join(session.code, "Dev")
    app = app_for(ui_store).bind(_visit(session, link_key=other.key, cookie_key=carol.key))
    (choice,) = app.body.children
    assert isinstance(choice, WhoChoice)
    assert app.participant is None and app.bridge.sent == []
    text = choice.children[0].value
    assert "You are joined as <b>Carol</b> on this device" in text and "switch to the person in this link" in text
    assert "Dev" not in text  # the link's person is not named to whoever holds the link
    assert choice.keep.description == "Continue as Carol"


@pytest.mark.parametrize("button,expected", [("keep", "Carol"), ("switch", "Dev")])
def test_the_choice_decides_who_the_page_and_the_cookie_are(ui_store, button, expected):
    """Does "continue" keep Carol and "switch" switch, with the cookie set to the chosen person and the
    key taken out of the address bar, so that a reload lands on whoever was chosen?"""
    session = ui_store.create_session("S")
    carol, other = ui_store.join(session.code, "Carol"), ui_store.join(session.code, "Dev")
    app = app_for(ui_store).bind(_visit(session, link_key=other.key, cookie_key=carol.key))
    (choice,) = app.body.children
    getattr(choice, button).click()
    getattr(choice, button).click()  # a double tap chooses once
    chosen = carol if expected == "Carol" else other
    assert app.participant.key == chosen.key and expected in app.identity.value
    script = app.bridge.sent[-1]
    assert len(app.bridge.sent) == 1
    assert f"key={json.dumps(chosen.key)}" in script and "delete('p')" in script
    # The reload: the address has no key any more, the cookie names the chosen person.
    again = app_for(ui_store).bind(_visit(session, cookie_key=chosen.key))
    assert again.participant.key == chosen.key


def test_link_keys_never_replace_anyone_silently(ui_store):
    """Is a link with the remembered key, or a key not in the session, the remembered person without a
    question, and is an old link taken on a browser that remembers nobody?"""
    session, elsewhere = ui_store.create_session("S"), ui_store.create_session("T")
    carol = ui_store.join(session.code, "Carol")
    stranger = ui_store.join(elsewhere.code, "Eve")
    for link in (carol.key, stranger.key, "made-up"):
        app = app_for(ui_store).bind(_visit(session, link_key=link, cookie_key=carol.key))
        assert app.participant.key == carol.key
    old_link = app_for(ui_store).bind(_visit(session, link_key=carol.key))
    assert old_link.participant.key == carol.key


def test_links_on_the_page_carry_no_key(ui_store):
    """Do the links the page shows (home, the list of exercises) carry the session but never the key?"""
    session = ui_store.create_session("S")
    carol = ui_store.join(session.code, "Carol")
    link = participant_link("exercise.ipynb?exercise=x", session, carol)
    assert link == f"exercise.ipynb?exercise=x&code={session.code}" and carol.key not in link
    app = app_for(ui_store).bind(_visit(session, cookie_key=carol.key, extra="&new=1"))
    join_view(app).name.value = "Dana"
    join_view(app).button.click()
    assert "delete('new')" in app.bridge.sent[-1]  # a reload after "Not you?" is Dana, not a new join form
    assert carol.key not in app.identity.value
