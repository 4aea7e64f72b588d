"""The whole confidentiality journey in a real browser: two participants and a facilitator."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from kit.content import load_content
from kit.store import Store
from tests.browser.pairing import pair

pytestmark = pytest.mark.browser

ANA = ["yes", "no", "not_sure", "yes", "yes", "no", "no", "yes"]
KIM = ["yes", "yes", "no", "yes", "no", "no", "not_sure", "yes"]
LEE = ["no", "no", "no", "no", "no", "no", "no", "no"]
LABEL = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}


def join(page, url, name=None, link="Confidentiality Checklist"):
    """Join from the home page as ``name`` (None: anonymously) and wait for the exercise ``link``."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("button", name="Join").wait_for()
    if name is None:
        page.get_by_label("Stay anonymous").check()
    else:
        page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name=link).wait_for()


def answer_and_submit(page, values):
    from playwright.sync_api import expect

    page.get_by_role("button", name="Confidentiality Checklist").click()
    submit = page.get_by_role("button", name="Submit answers")
    submit.wait_for()
    assert submit.is_disabled()
    choices = page.locator(".mk-choice")
    expect(choices).to_have_count(8, timeout=30_000)  # the first ones at once, the rest a moment later (kit/ui/progressive.py)
    for i, value in enumerate(values):
        choices.nth(i).get_by_role("radio", name=LABEL[value], exact=True).check()
    page.wait_for_function("() => !document.querySelector('.mk-submit').disabled")
    submit.click()
    page.locator(".mk-submit-status", has_text="Saved.").wait_for()


def checked(page, count: int = 8):
    """The label of the chosen option of each of the ``count`` choice rows (None where none), once the
    page shows them all (a form's later items come a moment after its first)."""
    from playwright.sync_api import expect

    expect(page.locator(".mk-choice")).to_have_count(count, timeout=30_000)
    return page.eval_on_selector_all(
        ".mk-choice", "els => els.map(e => { const i = [...e.querySelectorAll('input')].findIndex(x => x.checked);"
                      " return i < 0 ? null : e.querySelectorAll('label')[i + 1].textContent; })")


def test_two_participants_pair_and_facilitator_sees_group(served, new_page):
    """Do two people join, answer, pair and compare, while the facilitator sees counts, then a chart at 3?"""
    code, url = served.create_session("Browser journey")
    assert url.endswith(f"home.ipynb?code={code}")

    ana, kim = new_page(), new_page()
    join(ana, url, "Ana")
    join(kim, url, None)
    assert "joined as Ana" in ana.inner_text(".mk-identity")
    assert "anonymously" in kim.inner_text(".mk-identity")
    # The key stays out of the address bar (a copied link cannot make anyone Ana); the cookie
    # brings her back on a reload and in a second tab (below).
    assert "p=" not in ana.url and f"code={code}" in ana.url

    answer_and_submit(ana, ANA)
    answer_and_submit(kim, KIM)

    # Kim asks by Ana's pair code, Ana accepts; both then see the comparison (pages update by themselves).
    pair(kim, ana)
    kim.locator(".mk-compare").wait_for(timeout=30_000)
    ana.locator(".mk-compare").wait_for(timeout=30_000)
    exercise = load_content()["confidentiality"]
    ids = [item.id for item in exercise.items]
    for page, mine, theirs in ((ana, ANA, KIM), (kim, KIM, ANA)):
        for item_id, a, b in zip(ids, mine, theirs):
            row = page.locator(f'tr[data-item="{item_id}"]')
            expected = "unsure" if "not_sure" in (a, b) else ("agree" if a == b else "differ")
            assert f"mk-row-{expected}" in row.get_attribute("class")
            cells = row.locator("td")
            assert cells.nth(1).inner_text() == LABEL[a] and cells.nth(2).inner_text() == LABEL[b]
            if expected == "differ":
                assert exercise.item(item_id).discuss in cells.nth(3).inner_text()
    assert "Paired with Ana" in kim.inner_text(".mk-pairing")

    # A reload brings back Ana's answers and the comparison.
    ana.reload()
    ana.locator(".mk-compare").wait_for()
    assert checked(ana) == [LABEL[v] for v in ANA]

    # A second tab on the plain join URL is the same participant (cookie), not a new one.
    second = ana.context.new_page()
    second.goto(url, wait_until="domcontentloaded")
    second.get_by_role("button", name="Confidentiality Checklist").wait_for()
    assert "joined as Ana" in second.inner_text(".mk-identity")
    second.close(run_before_unload=True)

    # The facilitator: counts, no chart below k = 3.
    fac = new_page(viewport=(1280, 900))
    fac.goto(served.facilitator_url.replace("console.ipynb", "dashboard.ipynb"), wait_until="domcontentloaded")
    fac.get_by_role("button", name="Refresh").wait_for()
    fac.get_by_label("Session").select_option(label=f"Browser journey ({code})")
    fac.wait_for_selector('[data-answered="2"]')
    assert fac.locator(".mk-chart img, img.mk-chart").count() == 0 or not fac.locator("img.mk-chart").is_visible()
    assert "at least 3" in fac.inner_text(".mk-dashboard")

    lee = new_page()
    join(lee, url, "Lee")
    answer_and_submit(lee, LEE)
    fac.get_by_role("button", name="Refresh").click()
    fac.wait_for_selector('[data-answered="3"]')
    fac.locator("img.mk-chart").wait_for(state="visible")
    table = fac.inner_text(".mk-chart-table")
    first_statement = exercise.item(ids[0]).text
    # statement 1: Yes, Yes, No -> 2 Yes (67%), 1 No (33%)
    row = [line for line in table.splitlines() if line.startswith(first_statement)][0]
    assert "2 (67%)" in row and "1 (33%)" in row
    assert "Ana" not in fac.inner_text(".mk-dashboard") and "Lee" not in fac.inner_text(".mk-dashboard")

    # What is stored is what people answered, one participant each.
    store = Store(served.db_url)
    assert store.count_participants(code) == 3
    latest = store.latest_answers(code, "confidentiality")
    assert sorted(tuple(a[i] for i in ids) for a in latest) == sorted(tuple(v) for v in (ANA, KIM, LEE))
    store.dispose()


def test_closed_session_blocks_submit(served, new_page):
    """After `mentorkit session close`, does an open page lock itself within moments, saying the session
    ended (without advising another code), and is nothing more stored?"""
    code, url = served.create_session("Closing")
    page = new_page()
    join(page, url, "Max")
    answer_and_submit(page, ["yes"] * 8)
    served.cli("session", "close", code)
    page.locator(".mk-submit-status", has_text="This session has ended").wait_for()
    assert "current session" not in page.inner_text(".mk-submit-status")
    assert page.get_by_role("button", name="Submit answers").is_disabled()
    assert page.locator(".mk-choice").nth(0).get_by_role("radio", name="No", exact=True).is_disabled()
    store = Store(served.db_url)
    p_answers = store.latest_answers(code, "confidentiality")
    assert p_answers == [{item.id: "yes" for item in load_content()["confidentiality"].items}]
    store.dispose()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (e.g. to a login page) is an answer in itself


def status_of(url: str) -> tuple[int, str]:
    """Status and body of a GET, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def test_participant_port_cannot_serve_facilitator(served):
    """Is the facilitator notebook absent from the participant server, and the facilitator server closed
    to requests without the token?"""
    for path in ("/voila/render/dashboard.ipynb", "/voila/render/console.ipynb",
                 "/voila/render/facilitator/dashboard.ipynb", "/voila/render/facilitator/console.ipynb",
                 "/voila/render/../facilitator/dashboard.ipynb", "/voila/files/facilitator/dashboard.ipynb",
                 "/voila/tree/facilitator"):
        status, body = status_of(served.participant + path)
        assert status >= 400 or ("Facilitator dashboard" not in body and "Facilitator console" not in body), path
        assert "facilitator.dashboard" not in body
    # Without the right token the facilitator server answers with a refusal or a login redirect.
    status, _ = status_of(served.facilitator_base + "/voila/render/dashboard.ipynb")
    assert status in (302, 401, 403)
    for path in ("/voila/render/dashboard.ipynb", "/voila/render/dashboard.ipynb?token=wrong", "/api/kernels",
                 "/api/contents/dashboard.ipynb"):
        status, body = status_of(served.facilitator_base + path)
        assert status in (302, 401, 403, 404), (path, status)
        assert "facilitator.dashboard" not in body and "DashboardView" not in body
    status, body = status_of(served.facilitator_url)
    assert status == 200 and "<title>Facilitator console</title>" in body  # the printed URL works
