import gc
import re

import matplotlib.pyplot as plt
import pytest

from kit.charts import (before_after_chart, diverging_bar_chart, diverging_colours, quiz_items_chart,
                        score_histogram_chart, smart_components_chart, stacked_bar_chart)
from kit.logic.aggregate import distributions, diverging
from tests.factories import confidentiality, svg_texts
from tests.logic.test_aggregate import FIVE, NSMA, likert_exercise

PNG = b"\x89PNG\r\n\x1a\n"


def test_png_and_no_pyplot_figures():
    """Is the chart a PNG when asked for one (reports), drawn without leaving any pyplot figure open?"""
    ex = confidentiality()
    answers = [{i.id: v for i in ex.items} for v in ("yes", "no", "not_sure", "yes")]
    png = stacked_bar_chart(distributions(ex, answers), title="Test", fmt="png")
    assert png.startswith(PNG) and len(png) > 5000
    gc.collect()
    assert plt.get_fignums() == []


def test_svg_keeps_text_as_escaped_text():
    """Is the console's chart an SVG whose title and labels are text the browser draws, escaped, with
    fallback fonts after DejaVu Sans, and is nothing of the text turned into glyph paths?"""
    ex = confidentiality()
    answers = [{i.id: v for i in ex.items} for v in ("yes", "no", "not_sure", "yes")]
    svg = stacked_bar_chart(distributions(ex, answers), title="Test <b>bold</b> & $5")
    texts = svg_texts(svg)
    assert "Test <b>bold</b> & $5" in texts and "Yes" in texts and "Not sure" in texts
    assert b"<b>" not in svg and b"&lt;b&gt;" in svg
    assert b"<script" not in svg.lower()
    assert re.search(rb"font-family: 'DejaVu Sans', 'Arial', 'Helvetica'", svg)
    assert b'id="DejaVuSans-' not in svg  # glyph outlines would mean the text was drawn by matplotlib
    gc.collect()
    assert plt.get_fignums() == []


def test_same_data_gives_the_same_svg_bytes():
    """Does redrawing the same numbers give byte-identical SVG (no date, no random ids), so an
    unchanged chart is not sent to the browser again, while a changed count gives other bytes?"""
    rows = [("A statement", 3, 1, 2), ("Another one", 1, 1, 4)]
    first = quiz_items_chart(rows, title="Quiz")
    assert quiz_items_chart(rows, title="Quiz") == first
    assert quiz_items_chart([("A statement", 4, 1, 2), rows[1]], title="Quiz") != first


def test_dollar_signs_are_shown_as_written():
    """Are statements and titles with two ``$`` (or a broken formula) shown as written, in SVG and PNG,
    rather than read as matplotlib mathtext?"""
    rows = [("Spend between $500 and $1,000 on it", 2, 1, 0), (r"A $\frac{ broken formula$", 1, 1, 1)]
    texts = svg_texts(quiz_items_chart(rows, title="Budget $x$ quiz"))
    assert "Spend between $500 and $1,000 on it" in texts and "Budget $x$ quiz" in texts
    assert r"A $\frac{ broken formula$" in texts
    assert quiz_items_chart(rows, title="Budget $x$ quiz", fmt="png").startswith(PNG)


@pytest.mark.parametrize("draw", [
    lambda fmt: quiz_items_chart([("One", 2, 1, 0)], title="Quiz", fmt=fmt),
    lambda fmt: score_histogram_chart({0: 1, 1: 3, 2: 2}, title="Scores", fmt=fmt),
    lambda fmt: before_after_chart([("One", 0.4, 0.8)], title="Shift", fmt=fmt),
    lambda fmt: smart_components_chart([("Specific", 0.5, 0.75)], title="SMART", fmt=fmt),
], ids=["quiz", "histogram", "before_after", "smart"])
def test_every_chart_in_both_formats(draw):
    """Does every chart come as SVG (with its title as text) and as PNG, and refuse an unknown format?"""
    assert any(t in ("Quiz", "Scores", "Shift", "SMART") for t in svg_texts(draw("svg")))
    assert draw("png").startswith(PNG)
    with pytest.raises(ValueError, match="unknown chart format 'gif'"):
        draw("gif")


# --- diverging bars (likert) -------------------------------------------------------------------------

def _bars(exercise, answers):
    return [diverging(d, exercise.item(d.item_id).scale) for d in distributions(exercise, answers)]


def test_diverging_png_with_unsure_answers():
    """Is the diverging chart a PNG, drawn without leaving a pyplot figure open, with unsure answers noted?"""
    ex = likert_exercise(3)
    answers = [{"r1": v, "r2": "always", "r3": "n_a"} for v in ("never", "sometimes", "mostly", "always", "n_a")]
    png = diverging_bar_chart(_bars(ex, answers), title="Test <likert>", fmt="png")
    assert png.startswith(PNG) and len(png) > 5000
    gc.collect()
    assert plt.get_fignums() == []


def test_diverging_png_with_zero_answers():
    """Does a chart of statements nobody has rated yet still render (empty rows, no division by zero)?"""
    ex = likert_exercise(2)
    assert "Nobody yet" in svg_texts(diverging_bar_chart(_bars(ex, []), title="Nobody yet"))
    with pytest.raises(ValueError):
        diverging_bar_chart([], title="Nothing")


def test_diverging_png_odd_scale_and_one_scale_only():
    """Does an odd scale render (its middle option across the line), and are two scales in one chart refused?"""
    odd = likert_exercise(2, FIVE)
    assert "Five" in svg_texts(diverging_bar_chart(_bars(odd, [{"r1": f"o{i}", "r2": "o3"} for i in range(1, 6)]),
                                                   title="Five"))
    even = _bars(likert_exercise(1, NSMA), [{"r1": "never"}])
    with pytest.raises(ValueError):
        diverging_bar_chart(_bars(odd, [])[:1] + even, title="Mixed")


def test_diverging_colours_run_from_one_hue_to_another():
    """Are the scale's ends the strongest colours, the middle grey, and both sides mirror images in length?"""
    four = diverging_colours(2, False, 2)
    assert four == ["#D55E00", "#E69F00", "#56B4E9", "#0072B2"]
    five = diverging_colours(2, True, 2)
    assert five[2] == "#999999" and five[0] == "#D55E00" and five[-1] == "#0072B2"
    seven = diverging_colours(3, True, 3)
    assert len(set(seven)) == 7 and seven[0] == "#D55E00" and seven[-1] == "#0072B2"
    assert diverging_colours(1, False, 1) == ["#D55E00", "#0072B2"]
