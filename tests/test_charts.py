import gc

import matplotlib.pyplot as plt
import pytest

from kit.charts import diverging_bar_png, diverging_colours, stacked_bar_png
from kit.logic.aggregate import distributions, diverging
from tests.factories import confidentiality
from tests.logic.test_aggregate import FIVE, NSMA, likert_exercise


def test_png_and_no_pyplot_figures():
    """Is the chart a PNG drawn without leaving any pyplot figure open?"""
    ex = confidentiality()
    answers = [{i.id: v for i in ex.items} for v in ("yes", "no", "not_sure", "yes")]
    png = stacked_bar_png(distributions(ex, answers), title="Test")
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    gc.collect()
    assert plt.get_fignums() == []


# --- diverging bars (likert) -------------------------------------------------------------------------

def _bars(exercise, answers):
    return [diverging(d, exercise.item(d.item_id).scale) for d in distributions(exercise, answers)]


def test_diverging_png_with_unsure_answers():
    """Is the diverging chart a PNG, drawn without leaving a pyplot figure open, with unsure answers noted?"""
    ex = likert_exercise(3)
    answers = [{"r1": v, "r2": "always", "r3": "n_a"} for v in ("never", "sometimes", "mostly", "always", "n_a")]
    png = diverging_bar_png(_bars(ex, answers), title="Test <likert>")
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    gc.collect()
    assert plt.get_fignums() == []


def test_diverging_png_with_zero_answers():
    """Does a chart of statements nobody has rated yet still render (empty rows, no division by zero)?"""
    ex = likert_exercise(2)
    png = diverging_bar_png(_bars(ex, []), title="Nobody yet")
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        diverging_bar_png([], title="Nothing")


def test_diverging_png_odd_scale_and_one_scale_only():
    """Does an odd scale render (its middle option across the line), and are two scales in one chart refused?"""
    odd = likert_exercise(2, FIVE)
    png = diverging_bar_png(_bars(odd, [{"r1": f"o{i}", "r2": "o3"} for i in range(1, 6)]), title="Five")
    assert png.startswith(b"\x89PNG")
    even = _bars(likert_exercise(1, NSMA), [{"r1": "never"}])
    with pytest.raises(ValueError):
        diverging_bar_png(_bars(odd, [])[:1] + even, title="Mixed")


def test_diverging_colours_run_from_one_hue_to_another():
    """Are the scale's ends the strongest colours, the middle grey, and both sides mirror images in length?"""
    four = diverging_colours(2, False, 2)
    assert four == ["#D55E00", "#E69F00", "#56B4E9", "#0072B2"]
    five = diverging_colours(2, True, 2)
    assert five[2] == "#999999" and five[0] == "#D55E00" and five[-1] == "#0072B2"
    seven = diverging_colours(3, True, 3)
    assert len(set(seven)) == 7 and seven[0] == "#D55E00" and seven[-1] == "#0072B2"
    assert diverging_colours(1, False, 1) == ["#D55E00", "#0072B2"]
