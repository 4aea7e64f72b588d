"""The side-by-side view of two partners' answers, as escaped HTML."""

from __future__ import annotations

from html import escape

from kit import kinds
from kit.logic.comparison import ItemComparison, discussion_order, status_counts

BADGES = {"agree": "You agree", "differ": "You differ", "unsure": "Unsure", "missing": "Not answered"}
#: Likert items are ratings of one shared partnership: "the same rating" reads truer than "agree".
RATING_BADGES = {"agree": "Same rating", "differ": "Different ratings", "unsure": "Could not rate",
                 "missing": "Not answered"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _ratings(comparisons: list[ItemComparison]) -> bool:
    """Whether every item compared is a rating (likert), so the wording can speak of ratings."""
    return bool(comparisons) and all(kinds.kind_of(c.item_type).rated for c in comparisons)


def summary_sentence(comparisons: list[ItemComparison]) -> str:
    """One plain sentence: how many statements you agree on, differ on, and are unsure about."""
    counts = status_counts(comparisons)
    if _ratings(comparisons):
        parts = [f"rated {_plural(counts['agree'], 'statement')} the same", f"{counts['differ']} differently"]
        if counts["unsure"]:
            parts.append(f"and at least one of you could not rate {counts['unsure']}")
        return "You " + ", ".join(parts) + "."
    parts = [f"agree on {_plural(counts['agree'], 'statement')}", f"differ on {counts['differ']}"]
    if counts["unsure"]:
        parts.append(f"and at least one of you is unsure about {counts['unsure']}")
    return "You " + ", ".join(parts) + "."


def _badge(c: ItemComparison) -> str:
    text = (RATING_BADGES if kinds.kind_of(c.item_type).rated else BADGES)[c.status]
    if c.status == "differ" and c.distance:
        text += f", {_plural(c.distance, 'step')} apart"
    return f'<span class="mk-badge {c.status}">{escape(text)}</span>'


def comparison_html(comparisons: list[ItemComparison], partner_label: str) -> str:
    """A table of every statement with both answers, differences first (ratings furthest apart
    first), each with its prompt; then each item whose kind draws its own comparison (a ranking's
    two orders), in the exercise's order."""
    own, statements = [], []
    for c in comparisons:
        html = kinds.kind_of(c.item_type).compare_html(c, partner_label)
        if html is None:
            statements.append(c)
        else:
            own.append(html)
    return (_statements_html(statements, partner_label) if statements else "") + "".join(own)


def _statements_html(comparisons: list[ItemComparison], partner_label: str) -> str:
    rows = []
    for c in discussion_order(comparisons):
        prompt = f'<span class="mk-prompt">{escape(c.prompt)}</span>' if c.prompt else ""
        distance = f' data-distance="{c.distance}"' if c.distance is not None else ""
        rows.append(
            f'<tr class="mk-row-{c.status}" data-item="{escape(c.item_id)}"{distance}>'
            f"<td>{escape(c.text)}</td><td>{escape(c.mine_label)}</td><td>{escape(c.theirs_label)}</td>"
            f"<td>{_badge(c)}{prompt}</td></tr>"
        )
    start = ("Start with the differences, the furthest apart first." if any(c.distance for c in comparisons)
             else "Start with the differences.")
    return (
        f"<p><b>{escape(summary_sentence(comparisons))}</b> {start}</p>"
        '<table class="mk-compare"><caption class="mk-muted">Your answers next to your partner\'s</caption>'
        f'<thead><tr><th scope="col">Statement</th><th scope="col">You</th>'
        f'<th scope="col">{escape(partner_label)}</th><th scope="col">Talk about</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
