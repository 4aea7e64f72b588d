from kit.ui.dashboard import DashboardView
from kit.kinds.choice.console import text_alternative
from kit.logic.aggregate import distributions
from tests.factories import confidentiality, svg_texts


def fill(store, code, n, ex):
    for i in range(n):
        p = store.join(code, None, join_token=f"j{i}")
        answers = {item.id: ("yes" if (i + k) % 2 else "no") for k, item in enumerate(ex.items)}
        store.submit(p.key, ex.id, answers, submission_id=f"s{i}")


def test_nothing_shown_below_k(ui_store):
    """With two answers, is there a count but no chart and no numbers per statement?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 2, ex)
    view = DashboardView(ui_store, {ex.id: ex})
    assert 'data-answered="2"' in view.counts.value
    assert view.chart.value == b"" and view.chart.layout.display == "none"
    assert view.table.value == ""
    assert "at least 3" in view.notice.value


def test_chart_from_k_on(ui_store):
    """From three answers on, is there a chart and a table with the same numbers, most divided first?"""
    ex = confidentiality()
    s = ui_store.create_session("S")
    fill(ui_store, s.code, 3, ex)
    view = DashboardView(ui_store, {ex.id: ex})
    assert svg_texts(view.chart.value)
    expected = text_alternative(distributions(ex, ui_store.latest_answers(s.code, ex.id)))
    assert view.table.value == expected and "2 (67%)" in expected


def test_refresh_picks_up_new_answers_and_sessions(ui_store):
    """Does Refresh show a new session and a new answer without rebuilding the view?"""
    ex = confidentiality()
    view = DashboardView(ui_store, {ex.id: ex})
    assert "No sessions yet" in view.counts.value
    s = ui_store.create_session("Later")
    view.refresh_button.click()
    assert view.session_picker.value == s.code
    fill(ui_store, s.code, 1, ex)
    view.refresh_button.click()
    assert 'data-answered="1"' in view.counts.value


def test_session_k_is_respected(ui_store):
    """Does a session created with k=5 hide the chart at four answers?"""
    ex = confidentiality()
    s = ui_store.create_session("S", k_threshold=5)
    fill(ui_store, s.code, 4, ex)
    view = DashboardView(ui_store, {ex.id: ex})
    assert view.chart.value == b"" and "at least 5" in view.notice.value
