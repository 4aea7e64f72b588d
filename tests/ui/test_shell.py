import pytest

from kit.apps import participant
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
    assert "not in this session" in join_view(app).status.value
    app = app_for(ui_store).bind(Visit.from_strings(f"code={s2.code}&p=%3Cscript%3E"))
    assert app.participant is None


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
