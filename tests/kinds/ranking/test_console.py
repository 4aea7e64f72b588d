"""The facilitator's ranking table: average rank and spread, best first, escaped, nothing below k."""

from __future__ import annotations

from kit.content import load_content
from kit.kinds.ranking.console import RankingSection
from kit.logic.aggregate import gate
from kit.ui.sections import Snapshot, sections_for

EXERCISE = load_content()["deadly_mistakes"]
VALUES = list(EXERCISE.item("seen_most").scale.values())


def snapshot(answers, k=3):
    return Snapshot(exercise=EXERCISE, joined=len(answers), answers=answers, gate=gate(len(answers), k))


def test_table_in_average_order_from_k_on():
    """With three orders, is the table best-average first with its numbers; with two, empty?"""
    a, b, c, d, e = VALUES
    answers = [{"seen_most": [a, b, c, d, e]}, {"seen_most": [b, a, c, d, e]}, {"seen_most": [a, c, b, e, d]}]
    [section] = sections_for(EXERCISE)
    assert isinstance(section, RankingSection)
    section.update(snapshot(answers[:2]))
    assert section.body.value == "" and section.text_summary(snapshot(answers[:2])) == ""
    section.update(snapshot(answers))
    html = section.body.value
    rows = [html.index(f'data-value="{v}"') for v in VALUES]
    assert rows == sorted(rows) and 'data-mean="1.33"' in html and "3 people" in html
    assert "Choosing the wrong mentoring partner. 1.3±0.5" in section.text_summary(snapshot(answers))
    section.update(snapshot(answers), large=True)
    assert "font-size:1.6em" in section.body.value
