"""The facilitator's likert section: a diverging bar per statement, lowest rated first, the same numbers
as a table, and nothing below k."""

from __future__ import annotations

from dataclasses import replace

from kit import paths
from kit import kinds
from kit.content import load_exercise
from kit.logic.aggregate import gate
from kit.ui.sections import Snapshot, sections_for
from kit.kinds.likert.console import LikertSection, high_label, text_alternative
from tests.factories import svg_texts
from tests.logic.test_aggregate import FIVE, NSMA, likert_exercise



def accountability():
    """The shipped Accountability Checklist."""
    return load_exercise(paths.data_dir() / "exercises" / "accountability.yaml")


def snapshot(ex, answers, k=3):
    return Snapshot(exercise=ex, joined=len(answers), answers=answers, gate=gate(len(answers), k))


ROOM = [  # three people, Never..Always on r1..r3; r3 has one "Not applicable"
    {"r1": "always", "r2": "never", "r3": "mostly"},
    {"r1": "always", "r2": "sometimes", "r3": "n_a"},
    {"r1": "mostly", "r2": "always", "r3": "sometimes"},
]


def test_registered_for_likert_items():
    """Is LikertSection the section for likert items, and the only one for the shipped checklist?"""
    assert kinds.get("likert").part("section") is LikertSection
    assert [type(s) for s in sections_for(accountability())] == [LikertSection]


def test_nothing_below_k():
    """With fewer than k people, are chart, table and text summary all empty?"""
    ex = likert_exercise(3)
    section = LikertSection(ex, ex.items)
    snap = snapshot(ex, ROOM[:2])
    section.update(snap)
    chart, table = section.charts["nsma"], section.tables["nsma"]
    assert chart.value == b"" and chart.layout.display == "none" and table.value == ""
    assert section.text_summary(snap) == ""
    # and a group that shrinks below k (a larger k) hides what was shown
    section.update(snapshot(ex, ROOM))
    assert svg_texts(chart.value)
    section.update(snapshot(ex, ROOM, k=4))
    assert chart.value == b"" and chart.layout.display == "none" and table.value == ""


def test_chart_and_table_lowest_rated_first():
    """From k people, is there a diverging chart and a table with the same numbers, lowest rated first?"""
    ex = likert_exercise(3)
    section = LikertSection(ex, ex.items)
    snap = snapshot(ex, ROOM)
    section.update(snap)
    assert svg_texts(section.charts["nsma"].value) and section.charts["nsma"].layout.display is None
    table = section.tables["nsma"].value
    # means on 0..1: r2 (0+1+3)/9, r3 (2+1)/6, r1 (3+3+2)/9
    assert table.index('data-item="r2"') < table.index('data-item="r3"') < table.index('data-item="r1"')
    assert '<tr data-item="r3" data-rated="2">' in table
    r3 = table.split('data-item="r3"')[1].split("</tr>")[0]
    assert "<td>0 (0%)</td><td>1 (50%)</td><td>1 (50%)</td><td>0 (0%)</td><td>1</td><td>50%</td>" in r3
    assert "Mostly or Always" in table and "Not applicable is counted apart" in table
    assert section.text_summary(snap).splitlines()[0] == (
        "Rating 2: Never 1, Sometimes 1, Mostly 0, Always 1, Not applicable 0 (Mostly or Always: 1 of 3)")


def test_table_escapes_content_and_handles_nobody_rating():
    """Are statement texts escaped, and does a statement nobody rated show a dash, not a share?"""
    ex = likert_exercise(1)
    dists = LikertSection(ex, ex.items).distributions(snapshot(ex, [{"r1": "n_a"}] * 3))
    html = text_alternative([replace(dists[0], text="<b>We</b> meet")], NSMA)
    assert "&lt;b&gt;We&lt;/b&gt; meet" in html and "<b>We" not in html
    assert "<td>–</td>" in html and 'data-rated="0"' in html


def test_odd_scale_and_high_label():
    """Does an odd scale leave its middle option out of the high share, and name the high half in the heading?"""
    ex = likert_exercise(1, FIVE)
    section = LikertSection(ex, ex.items)
    snap = snapshot(ex, [{"r1": "o3"}, {"r1": "o4"}, {"r1": "o5"}, {"r1": "o1"}])
    section.update(snap)
    assert high_label(FIVE) == "Option 4 or Option 5"
    assert "<td>50%</td>" in section.tables["five"].value
    assert section.text_summary(snap).endswith("(Option 4 or Option 5: 2 of 4)")


def test_shipped_checklist_projector_view():
    """Does the shipped checklist draw eleven statements in the large (projector) layout?"""
    ex = accountability()
    section = LikertSection(ex, ex.scaled_items)
    values = ["never", "sometimes", "mostly", "always"]
    answers = [{item.id: values[(n + p) % 4] for n, item in enumerate(ex.items)} for p in range(4)]
    section.update(snapshot(ex, answers), large=True)
    assert svg_texts(section.charts["never_always"].value)
    assert section.tables["never_always"].value.count("<tr data-item=") == 11
