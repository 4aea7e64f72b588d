"""The side-by-side view of two partners' answers, as escaped HTML."""

from __future__ import annotations

from html import escape

from kit.logic.comparison import STATUS_ORDER, ItemComparison, status_counts

BADGES = {"agree": "You agree", "differ": "You differ", "unsure": "Unsure", "missing": "Not answered"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_sentence(comparisons: list[ItemComparison]) -> str:
    """One plain sentence: how many statements you agree on, differ on, and are unsure about."""
    counts = status_counts(comparisons)
    parts = [f"agree on {_plural(counts['agree'], 'statement')}", f"differ on {counts['differ']}"]
    if counts["unsure"]:
        parts.append(f"and at least one of you is unsure about {counts['unsure']}")
    return "You " + ", ".join(parts) + "."


def comparison_html(comparisons: list[ItemComparison], partner_label: str) -> str:
    """A table of every statement with both answers, differences first, each with its prompt."""
    rows = []
    for c in sorted(comparisons, key=lambda c: STATUS_ORDER[c.status]):
        prompt = f'<span class="mk-prompt">{escape(c.prompt)}</span>' if c.prompt else ""
        rows.append(
            f'<tr class="mk-row-{c.status}" data-item="{escape(c.item_id)}">'
            f"<td>{escape(c.text)}</td><td>{escape(c.mine_label)}</td><td>{escape(c.theirs_label)}</td>"
            f'<td><span class="mk-badge {c.status}">{BADGES[c.status]}</span>{prompt}</td></tr>'
        )
    return (
        f"<p><b>{escape(summary_sentence(comparisons))}</b> Start with the differences.</p>"
        '<table class="mk-compare"><caption class="mk-muted">Your answers next to your partner\'s</caption>'
        f'<thead><tr><th scope="col">Statement</th><th scope="col">You</th>'
        f'<th scope="col">{escape(partner_label)}</th><th scope="col">Talk about</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
