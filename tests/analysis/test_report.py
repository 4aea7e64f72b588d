"""The HTML report: one file, images embedded, nothing typed by a participant unescaped."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kit.analysis import load_answers, load_sessions, write_report
from kit.analysis.report import build_report
from kit.cli import main
from tests.analysis import SCRIPT, exercises, fill, new_store


def _report(tmp_path, *fills):
    store = new_store(tmp_path)
    rooms = [fill(store, *args, **kwargs) for args, kwargs in fills]
    path = write_report(store, tmp_path / "report.html", exercises=exercises())
    store.dispose()
    return path.read_text(encoding="utf-8"), rooms


def test_report_is_one_file_with_embedded_images(tmp_path):
    """Is the report one HTML file whose images are data URIs, with nothing fetched from elsewhere?"""
    html, _ = _report(tmp_path, (("Cohort A",), {}), (("Cohort B", 5), {"prefix": "b"}))
    assert html.startswith("<!DOCTYPE html>")
    images = re.findall(r"<img [^>]*src=\"([^\"]+)\"", html)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".html"] == ["report.html"]


def test_participant_text_is_escaped_and_private_text_left_out(tmp_path):
    """Is a shared <script> shown escaped, private text and names left out, and a cohort name escaped?"""
    html, rooms = _report(tmp_path, (("Cohort <i>A</i>",), {}))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert "Cohort &lt;i&gt;A&lt;/i&gt;" in html and "<i>A</i>" not in html
    assert "my private thoughts" not in html
    for person in rooms[0]["people"]:
        assert person.key not in html and person.display_name not in html
    assert "Person 0" not in html and "&lt;b&gt;" not in html


def test_small_groups_are_suppressed_in_the_report(tmp_path):
    """Does a session below k show no numbers, only the suppression mark and the note about it?"""
    store = new_store(tmp_path)
    small = fill(store, "Small", people=2, k=3)
    session = load_sessions(store)
    html = build_report(load_answers(store, latest_only=True, exercises=exercises()), session,
                        exercises=exercises())
    store.dispose()
    assert "fewer than k" in html.lower()
    assert "%" not in html.split("<h2>Sessions</h2>")[1]
    assert SCRIPT not in html and "&lt;script&gt;" not in html
    assert small["session"].code in html


def test_cli_report(tmp_path):
    """Does `mentorkit report` write the file for one session and for --all, and name an unknown code?"""
    store = new_store(tmp_path)
    room = fill(store, "Cohort A")
    fill(store, "Cohort B", prefix="b")
    runner = CliRunner()
    one = runner.invoke(main, ["report", "--session", room["session"].code, "-o", str(tmp_path / "one.html"),
                               "--db", store.url, "--title", "Spring <cohort>"])
    assert one.exit_code == 0, one.output
    assert "Spring &lt;cohort&gt;" in (tmp_path / "one.html").read_text()
    every = runner.invoke(main, ["report", "--all", "-o", str(tmp_path / "all.html"), "--db", store.url])
    assert every.exit_code == 0, every.output
    assert "Cohort A" in (tmp_path / "all.html").read_text() and "Cohort B" in (tmp_path / "all.html").read_text()
    unknown = runner.invoke(main, ["report", "--session", "NOPE99", "-o", str(tmp_path / "x.html"), "--db", store.url])
    assert unknown.exit_code != 0 and "NOPE99" in unknown.output and not (tmp_path / "x.html").exists()
    store.dispose()


def test_report_shows_smart_components(tmp_path):
    """Does the report show, for SMART goals, each component's share shown by the words and ticked Yes?"""
    from kit.analysis.demo import fill_demo
    from kit.analysis.report import write_report
    from kit.store import Store

    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    fill_demo(store, cohorts=2, participants=10)
    out = tmp_path / "r.html"
    write_report(store, out)
    html = out.read_text()
    assert "SMART component" in html and "Words show it" in html and "Timely" in html
    store.dispose()


def _likert_exercises():
    """The analysis test exercises plus the shipped Accountability Checklist (eleven likert statements)."""
    from kit import paths
    from kit.content import load_exercise

    accountability = load_exercise(paths.data_dir() / "exercises" / "accountability.yaml")
    return exercises() | {accountability.id: accountability}


def _rate(store, name, people, *, k=3):
    """A session where ``people`` rate the accountability statements (person n leans higher as n grows)."""
    values = ["never", "sometimes", "mostly", "always"]
    ex = _likert_exercises()["accountability"]
    session = store.create_session(name, k_threshold=k)
    for n in range(people):
        person = store.join(session.code, f"Rater {n}", join_token=f"{session.code}-r{n}")
        answers = {item.id: values[min(3, (n + position) % 5)] for position, item in enumerate(ex.items)}
        store.submit(person.key, "accountability", answers, submission_id=f"{session.code}-r{n}")
    return session


def test_report_shows_diverging_bars_for_likert(tmp_path):
    """Does a likert exercise get a diverging chart (not stacked bars) with its table, and none below k?"""
    from kit.analysis import summaries
    from kit.analysis.report import distribution_chart, likert_chart

    content = _likert_exercises()
    store = new_store(tmp_path)
    big = _rate(store, "Rated <A>", 4)
    html = build_report(load_answers(store, [big.code], latest_only=True, exercises=content),
                        load_sessions(store, [big.code]), exercises=content)
    section = html.split("<h2>Accountability Checklist</h2>")[1]
    assert "lowest rated first" in section and "lower ratings left of the centre line" in section
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="[^"]*lowest rated first', section)
    assert "We meet regularly" in section and "Never" in section  # the table with the same numbers

    pooled = summaries.summarize(load_answers(store, [big.code], latest_only=True, exercises=content),
                                 exercises=content)
    assert distribution_chart(pooled, "accountability", title="x") is None  # no stacked bars for ratings
    assert likert_chart(pooled, content["accountability"], title="x").png.startswith(b"\x89PNG")

    small = _rate(store, "Rated small", 2)
    answers = load_answers(store, [small.code], latest_only=True, exercises=content)
    html = build_report(answers, load_sessions(store, [small.code]), exercises=content)
    section = html.split("<h2>Accountability Checklist</h2>")[1]
    assert "<img" not in section and "fewer than k" in section.lower()
    assert likert_chart(summaries.summarize(answers, exercises=content), content["accountability"],
                        title="x") is None  # each item below k is left out of the chart itself too
    store.dispose()


def test_dollar_signs_in_report_charts_are_drawn_as_written():
    """Do report charts draw cohort names, statements and titles with ``$`` (even a broken formula)
    as written, instead of failing on matplotlib mathtext?"""
    import pandas as pd

    from kit.analysis.report import comparison_chart, trend_chart

    broken = r"Between $\frac{500 and $1,000 (a broken formula)"
    table = pd.DataFrame({"s1": [0.5, 0.75], "s2": [0.25, 1.0]}, index=["Cohort $A", "Cohort $B$"])
    chart = comparison_chart(table, title=broken, item_texts={"s1": broken, "s2": "Plain"})
    assert chart is not None and chart.png.startswith(b"\x89PNG")
    periods = pd.DataFrame({"s1": [0.5, 0.75]}, index=pd.to_datetime(["2026-01-01", "2026-02-01"]))
    chart = trend_chart(periods, title=broken, item_texts={"s1": broken})
    assert chart is not None and chart.png.startswith(b"\x89PNG")


def test_the_quiz_section_stands_instead_of_the_charts_and_table(tmp_path):
    """Does a quiz exercise get its kind's report part (accuracy before and after, per session) in
    place of the generic table, while the checklist keeps its table?"""
    from kit.analysis.demo import fill_demo

    store = new_store(tmp_path)
    try:
        fill_demo(store, cohorts=2, participants=12, exercises=exercises())
        html = write_report(store, tmp_path / "report.html", exercises=exercises()).read_text(encoding="utf-8")
    finally:
        store.dispose()
    check, quiz = html.split("<h2>")[2:4]
    assert "Statement or question" in check and "Quiz results" not in check
    assert "Quiz results" in quiz and "Answered correctly before the talk:" in quiz
    assert "Statement or question" not in quiz and "Correct before" in quiz


def test_shared_group_entries_read_as_the_room_saw_them(tmp_path):
    """A repeated group shared with the room (3-2-1 reflection): does the report list each entry as
    one escaped line, as the room saw it, and leave out the entries of people who did not share?"""
    from kit.content import load_content

    content = {"reflection_321": load_content()["reflection_321"]}
    store = new_store(tmp_path)
    session = store.create_session("Reflection", k_threshold=3)
    for n in range(3):
        person = store.join(session.code, f"P{n}", join_token=f"t{n}")
        learned = [{"thing": f"<b>lesson {n}</b>"}, {"thing": f"second {n}"}]
        answers = {"learned": learned, "actions": [{"action": f"act {n}"}], "never_forget": f"moment {n}"}
        if n < 2:
            answers["_shared"] = ["learned"]
        store.submit(person.key, "reflection_321", answers, submission_id=f"r{n}")
    html = build_report(load_answers(store, latest_only=True, exercises=content), load_sessions(store),
                        exercises=content)
    store.dispose()
    assert "<blockquote>&lt;b&gt;lesson 0&lt;/b&gt;</blockquote>" in html
    assert "<blockquote>second 1</blockquote>" in html
    assert "lesson 2" not in html and "second 2" not in html  # not shared
    assert "act 0" not in html and "moment 0" not in html  # shareable only by ticking
