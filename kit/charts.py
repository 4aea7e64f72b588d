"""Charts for facilitators and trainers, drawn with matplotlib's object API into SVG or PNG bytes.

The console shows SVG (``fmt="svg"``, the default) with its text left as text, so the browser draws
the letters: matplotlib 3.11 spends most of a chart's time rasterising text, and a vector chart stays
sharp on a projector. Reports embed PNG (``fmt="png"``, at ``dpi``), which every viewer shows.
``Figure`` objects are never registered with pyplot, so a dashboard that redraws for hours does not
keep old figures alive. Colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness.
"""

from __future__ import annotations

import functools
import io
import textwrap
from typing import Sequence

import matplotlib
from matplotlib.figure import Figure

from kit.logic.aggregate import DivergingBar, ItemDistribution

#: Okabe-Ito, in an order that reads well for Yes / No / Not sure and for Likert scales.
PALETTE = ("#0072B2", "#D55E00", "#999999", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442")


def as_written(draw):
    """Decorator: run a chart function with mathtext off, so content such as "between $500 and $1,000" is shown
    as written rather than read as a formula between the two ``$``."""
    @functools.wraps(draw)
    def drawn_as_written(*args, **kwargs):
        # Tick labels are made while the figure is rendered, so the setting covers the whole call.
        with matplotlib.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)
    return drawn_as_written


def _wrap(text: str, width: int = 42, lines: int = 3) -> str:
    wrapped = textwrap.wrap(text, width=width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" .,;") + "…"
    return "\n".join(wrapped)


@as_written
def stacked_bar_chart(distributions: Sequence[ItemDistribution], *, title: str, fmt: str = "svg",
                      dpi: int = 110) -> bytes:
    """A horizontal 100 % stacked bar per item (in the given order, first at the top), as ``fmt`` bytes."""
    if not distributions:
        raise ValueError("nothing to draw")
    values = list(distributions[0].counts)
    labels = distributions[0].labels
    height = 1.5 + 0.95 * len(distributions)
    fig = _bar_figure(height, dpi)
    ax = fig.add_subplot()
    ypos = list(range(len(distributions)))[::-1]
    left = [0.0] * len(distributions)
    for index, value in enumerate(values):
        shares = [100 * d.share(value) for d in distributions]
        bars = ax.barh(ypos, shares, left=left, color=PALETTE[index % len(PALETTE)], label=labels[value],
                       edgecolor="white", height=0.72)
        _count_labels(ax, bars, shares, [d.counts.get(value, 0) for d in distributions])
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(ypos, [_wrap(d.text) for d in distributions], fontsize=12)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of answers (%) — numbers in bars are people", fontsize=12)
    _finish(ax, title, legend_y=-0.45 / (height - 1.6), ncols=len(values))
    return _render(fig, fmt)


def _bar_figure(height: float, dpi: int, *, right: float = 0.97) -> Figure:
    """An 11-inch-wide figure for horizontal bars with a fixed layout: room for three-line labels on
    the left, the title above and the legend below. A constrained layout would draw every chart twice
    (once to measure, once for real), and the console redraws these while people answer."""
    fig = Figure(figsize=(11, height), dpi=dpi)
    fig.subplots_adjust(left=0.40, right=right, top=1 - 0.55 / height, bottom=1.05 / height)
    return fig


def _count_labels(ax, bars, shares: Sequence[float], counts: Sequence[int]) -> None:
    """The number of people inside each bar segment wide enough (9 % or more) to hold it."""
    for bar, share, count in zip(bars, shares, counts):
        if share >= 9:
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, f"{count}",
                    ha="center", va="center", color="white", fontsize=13, fontweight="bold")


def _finish(ax, title: str, *, legend_y: float, ncols: int) -> None:
    """The look every horizontal bar chart shares: title on the left, no top or right frame, the
    legend in one row under the axes (``legend_y`` in axes coordinates)."""
    ax.set_title(title, fontsize=16, loc="left")
    ax.tick_params(axis="x", labelsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, legend_y), ncols=ncols, frameon=False, fontsize=12)


#: The image formats charts come in, with the MIME subtype an ``ipywidgets.Image`` needs for each.
FORMATS = {"svg": "svg+xml", "png": "png"}

#: SVG text is drawn by the viewer's browser. The layout is measured with DejaVu Sans (matplotlib's
#: own font); the fallbacks are narrower fonts found on Windows, macOS and Linux, so a label laid out
#: for DejaVu Sans still fits its margin wherever the console is opened.
_SVG_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "mentorkit",  # the same chart gives the same bytes, so an unchanged chart is not resent
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans", "Noto Sans", "sans-serif"],
}


def _render(fig: Figure, fmt: str) -> bytes:
    """``fig`` as ``fmt`` bytes (see :data:`FORMATS`). PNG has light compression, since speed matters
    more than a few kilobytes here."""
    buffer = io.BytesIO()
    if fmt == "svg":
        with matplotlib.rc_context(_SVG_STYLE):
            fig.savefig(buffer, format="svg", metadata={"Date": None})
    elif fmt == "png":
        fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    else:
        raise ValueError(f"unknown chart format {fmt!r}; use one of {', '.join(FORMATS)}")
    return buffer.getvalue()


# --- likert ------------------------------------------------------------------------------------------

#: Ends and inner shades of the diverging palette, from Okabe-Ito: vermillion and orange for the low
#: side, blue and sky blue for the high side, grey for the middle of an odd scale. Blue against
#: orange stays apart for every common form of colour blindness.
LOW_COLOURS = (PALETTE[1], PALETTE[4])
HIGH_COLOURS = (PALETTE[0], PALETTE[5])
MIDDLE_COLOUR = PALETTE[2]


def _mix(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from hex colour ``a`` to ``b``."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb))


def _side(count: int, outer: str, inner: str) -> list[str]:
    """``count`` colours from the outer end of one side to the shade nearest the centre line."""
    if count == 1:
        return [outer]
    return [_mix(outer, inner, i / (count - 1)) for i in range(count)]


def diverging_colours(low: int, middle: bool, high: int) -> list[str]:
    """One colour per rated option in scale order: ``low`` options, an optional middle one, ``high``
    options; the strongest colours at the two ends of the scale."""
    return _side(low, *LOW_COLOURS) + ([MIDDLE_COLOUR] if middle else []) + _side(high, *HIGH_COLOURS)[::-1]


def _text_colour(background: str) -> str:
    """White on dark segments, near-black on light ones (sky blue, orange), for contrast."""
    r, g, b = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "#1a1a1a"


@as_written
def diverging_bar_chart(bars: Sequence[DivergingBar], *, title: str, fmt: str = "svg",
                        dpi: int = 110) -> bytes:
    """A diverging bar per likert statement (in the given order, first at the top), as ``fmt`` bytes.

    ``bars`` come from :func:`kit.logic.aggregate.diverging`, all on one scale. Low ratings lie left
    of the centre line and high ones right of it (the middle option of an odd scale straddles it),
    as shares of the rated answers; numbers in the bars are people. On the right, each bar says how
    many rated it and how many chose an unsure option (e.g. Not applicable), which is never on the bar.
    A statement nobody has rated yet gets an empty row.
    """
    if not bars:
        raise ValueError("nothing to draw")
    values = [segment.value for segment in bars[0].segments]
    if any([segment.value for segment in bar.segments] != values for bar in bars):
        raise ValueError("one diverging chart needs one scale")
    labels = [segment.label for segment in bars[0].segments]
    # Options wholly left of the line, and whether one straddles it (as kit.logic.aggregate.scale_halves).
    low = len(values) // 2
    middle = len(values) % 2 == 1
    colours = diverging_colours(low, middle, low)
    height = 1.5 + 0.95 * len(bars)
    notes = [_rated_note(bar) for bar in bars]
    right = 0.97 - 0.012 * max(len(line) for note in notes for line in note.splitlines())
    fig = _bar_figure(height, dpi, right=max(right, 0.74))  # room for the notes on the right
    ax = fig.add_subplot()
    ypos = list(range(len(bars)))[::-1]
    for index, label in enumerate(labels):
        segments = [bar.segments[index] for bar in bars]
        starts = [100 * seg.start for seg in segments]
        widths = [100 * seg.share for seg in segments]
        drawn = ax.barh(ypos, widths, left=starts, color=colours[index], label=label, edgecolor="white",
                        height=0.72)
        for rect, seg in zip(drawn, segments):
            if seg.share >= 0.09:
                ax.text(rect.get_x() + rect.get_width() / 2, rect.get_y() + rect.get_height() / 2, f"{seg.count}",
                        ha="center", va="center", color=_text_colour(colours[index]), fontsize=13,
                        fontweight="bold", zorder=4)  # above the centre line, which crosses a middle option
    reach = max([bar.low for bar in bars] + [bar.high for bar in bars] + [0.5])
    limit = 100 * min(1.0, -(-reach * 4 // 1) / 4)  # the next quarter up, so both sides share one scale
    ax.set_xlim(-limit, limit)
    ticks = [t for t in (-100, -75, -50, -25, 0, 25, 50, 75, 100) if abs(t) <= limit]
    ax.set_xticks(ticks, [f"{abs(t)}" for t in ticks])
    ax.axvline(0, color="#333333", linewidth=1.2, zorder=3)
    for y, note in zip(ypos, notes):
        # Outside the axes, in axes coordinates across and data coordinates down.
        ax.text(1.02, y, note, transform=ax.get_yaxis_transform(), ha="left", va="center", fontsize=11,
                color="#444444")
    ax.set_yticks(ypos, [_wrap(bar.text) for bar in bars], fontsize=12)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    side_low, side_high = " / ".join(labels[:low]), " / ".join(labels[len(labels) - low:])
    ax.set_xlabel(f"Share of ratings (%): ← {side_low} | {side_high} → — numbers in bars are people",
                  fontsize=12)
    _finish(ax, title, legend_y=-0.45 / (height - 1.6), ncols=len(values))
    return _render(fig, fmt)


def _rated_note(bar: DivergingBar) -> str:
    """What a bar leaves out: how many rated it, and the unsure answers beside it."""
    lines = [f"{bar.rated} rated"]
    lines += [f"{count} {label}" for _, label, count in bar.unsure if count]
    return "\n".join(lines)


# --- quiz ------------------------------------------------------------------------------------------



@as_written
def quiz_items_chart(rows: Sequence[tuple[str, int, int, int]], *, title: str, fmt: str = "svg",
                     dpi: int = 110) -> bytes:
    """A 100 % stacked bar per quiz item: right, wrong while not sure, wrong while sure (counts).

    ``rows`` are ``(statement, right, wrong_not_sure, wrong_sure)`` in the order to show, first at
    the top (the facilitator's order: most firmly held misconceptions first).
    """
    if not rows:
        raise ValueError("nothing to draw")
    parts = (("Right", PALETTE[0]), ("Wrong, not sure", PALETTE[2]), ("Wrong while sure", PALETTE[1]))
    height = 1.5 + 0.95 * len(rows)
    fig = _bar_figure(height, dpi)
    ax = fig.add_subplot()
    ypos = list(range(len(rows)))[::-1]
    left = [0.0] * len(rows)
    for index, (label, colour) in enumerate(parts):
        counts = [row[1 + index] for row in rows]
        shares = [100 * c / max(sum(row[1:]), 1) for c, row in zip(counts, rows)]
        bars = ax.barh(ypos, shares, left=left, color=colour, label=label, edgecolor="white", height=0.72)
        _count_labels(ax, bars, shares, counts)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(ypos, [_wrap(row[0]) for row in rows], fontsize=12)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of answers (%) — numbers in bars are people", fontsize=12)
    _finish(ax, title, legend_y=-0.45 / (height - 1.6), ncols=3)
    return _render(fig, fmt)


@as_written
def score_histogram_chart(counts: dict[int, int], *, title: str, fmt: str = "svg",
                          dpi: int = 110) -> bytes:
    """How many people got 0, 1, 2, ... items right: one bar per score, no names."""
    if not counts:
        raise ValueError("nothing to draw")
    scores = sorted(counts)
    fig = Figure(figsize=(8, 3.6), dpi=dpi)  # a fixed layout draws once (see _bar_figure)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.86, bottom=0.2)
    ax = fig.add_subplot()
    bars = ax.bar(scores, [counts[s] for s in scores], color=PALETTE[0], width=0.8)
    for bar, score in zip(bars, scores):
        if counts[score]:
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{counts[score]}", ha="center",
                    va="bottom", fontsize=12)
    ax.set_xticks(scores, [str(s) for s in scores], fontsize=11)
    ax.set_xlabel("Items right", fontsize=12)
    ax.set_ylabel("People", fontsize=12)
    ax.set_ylim(0, max(max(counts.values()), 1) * 1.15)  # headroom for the numbers above the bars
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=15, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _render(fig, fmt)


def _paired_bars_chart(rows: Sequence[tuple[str, float, float]], *, title: str, xlabel: str,
                       series: tuple[tuple[str, str], tuple[str, str]], fmt: str, dpi: int) -> bytes:
    """Two horizontal bars per row, first row at the top, each labelled with its percentage.

    ``rows`` are ``(label, first share, second share)`` with shares from 0 to 1; ``series`` gives each
    bar's legend label and colour."""
    if not rows:
        raise ValueError("nothing to draw")
    height = 1.5 + 1.0 * len(rows)
    fig = _bar_figure(height, dpi)
    ax = fig.add_subplot()
    ypos = list(range(len(rows)))[::-1]
    for offset, index, (label, colour) in ((0.2, 1, series[0]), (-0.2, 2, series[1])):
        shares = [100 * row[index] for row in rows]
        bars = ax.barh([y + offset for y in ypos], shares, color=colour, label=label, height=0.38)
        for bar, share in zip(bars, shares):
            ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, f"{round(share)}%", ha="left",
                    va="center", fontsize=11)
    ax.set_yticks(ypos, [_wrap(row[0]) for row in rows], fontsize=12)
    ax.set_xlim(0, 110)
    ax.set_xlabel(xlabel, fontsize=12)
    ax.set_title(title, fontsize=16, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45 / (height - 1.6)), ncols=2, frameon=False,
              fontsize=12)
    return _render(fig, fmt)


@as_written
def before_after_chart(rows: Sequence[tuple[str, float, float]], *, title: str, fmt: str = "svg",
                       dpi: int = 110) -> bytes:
    """Share right per item before and after the talk: two bars per item, first at the top.

    ``rows`` are ``(statement, share before, share after)`` with shares from 0 to 1.
    """
    return _paired_bars_chart(rows, title=title, xlabel="Share right (%)", fmt=fmt, dpi=dpi,
                              series=(("Before the talk", PALETTE[5]), ("After the talk", PALETTE[0])))


# --- goals -------------------------------------------------------------------------------------------


@as_written
def smart_components_chart(rows: Sequence[tuple[str, float, float]], *, title: str, fmt: str = "svg",
                           dpi: int = 110) -> bytes:
    """Per SMART component, the share of goals whose words show it next to the share their authors ticked
    Yes: two bars per component, first at the top. ``rows`` are ``(component, share shown, share ticked)``
    with shares from 0 to 1."""
    return _paired_bars_chart(rows, title=title, xlabel="Share of goals (%)", fmt=fmt, dpi=dpi,
                              series=(("The words show it (kit's reading)", PALETTE[0]),
                                      ("Ticked Yes by the author", PALETTE[4])))
