"""Charts for facilitators and trainers, drawn with matplotlib's object API into PNG bytes.

``Figure`` objects are never registered with pyplot, so a dashboard that redraws for hours does not
keep old figures alive. Colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness.
"""

from __future__ import annotations

import io
import textwrap
from typing import Sequence

from matplotlib.figure import Figure

from kit.logic.aggregate import ItemDistribution

#: Okabe-Ito, in an order that reads well for Yes / No / Not sure and for Likert scales.
PALETTE = ("#0072B2", "#D55E00", "#999999", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442")


def _wrap(text: str, width: int = 48, lines: int = 3) -> str:
    wrapped = textwrap.wrap(text, width=width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" .,;") + "…"
    return "\n".join(wrapped)


def stacked_bar_png(distributions: Sequence[ItemDistribution], *, title: str, dpi: int = 110) -> bytes:
    """A horizontal 100 % stacked bar per item (in the given order, first at the top), as PNG bytes."""
    if not distributions:
        raise ValueError("nothing to draw")
    values = list(distributions[0].counts)
    labels = distributions[0].labels
    height = 1.3 + 0.95 * len(distributions)
    fig = Figure(figsize=(11, height), dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    ypos = list(range(len(distributions)))[::-1]
    left = [0.0] * len(distributions)
    for index, value in enumerate(values):
        shares = [100 * d.share(value) for d in distributions]
        bars = ax.barh(ypos, shares, left=left, color=PALETTE[index % len(PALETTE)], label=labels[value],
                       edgecolor="white", height=0.72)
        for bar, share, count in zip(bars, shares, [d.counts.get(value, 0) for d in distributions]):
            if share >= 9:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        f"{count}", ha="center", va="center", color="white", fontsize=13, fontweight="bold")
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(ypos, [_wrap(d.text) for d in distributions], fontsize=12)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of answers (%) — numbers in bars are people", fontsize=12)
    ax.set_title(title, fontsize=16, loc="left")
    ax.tick_params(axis="x", labelsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.3 / len(distributions)),
              ncols=len(values), frameon=False, fontsize=12)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
