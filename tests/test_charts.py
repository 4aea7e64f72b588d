import gc

import matplotlib.pyplot as plt

from kit.charts import stacked_bar_png
from kit.logic.aggregate import distributions
from tests.factories import confidentiality


def test_png_and_no_pyplot_figures():
    """Is the chart a PNG drawn without leaving any pyplot figure open?"""
    ex = confidentiality()
    answers = [{i.id: v for i in ex.items} for v in ("yes", "no", "not_sure", "yes")]
    png = stacked_bar_png(distributions(ex, answers), title="Test")
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    gc.collect()
    assert plt.get_fignums() == []
