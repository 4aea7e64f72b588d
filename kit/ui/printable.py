"""An exercise's answers as a standalone, printable HTML document (e.g. a mentoring agreement).

Pure functions returning strings: no widgets and no scripts, so the document can be opened in a new
tab, downloaded, or attached anywhere. Every text that comes from content or from participants is
escaped with :func:`html.escape`. People print it, or save it as a PDF, from their browser.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any, Mapping

from kit import kinds
from kit.content.model import Exercise, Item
from kit.kinds import NOT_FILLED

#: Print-friendly layout: A4 and Letter both fit within these margins; serif body text; a
#: question and its answer, a goal, or a signature line never split across two pages.
PRINT_CSS = """
@page { margin: 18mm 16mm; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: Georgia, "Times New Roman", Times, serif; font-size: 11.5pt; line-height: 1.45;
       color: #111; background: #fff; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.7em; margin: 0 0 .3em; letter-spacing: .01em; }
h2 { font-size: 1.05em; margin: 0 0 .25em; }
.intro { font-style: italic; margin: 0 0 1.2em; }
.details { border-collapse: collapse; width: 100%; margin: 0 0 1.4em; }
.details th, .details td { text-align: left; vertical-align: top; padding: .35em .5em;
                           border-bottom: 1px solid #bbb; }
.details th { width: 38%; font-weight: normal; color: #333; }
.item { margin: 0 0 1.1em; page-break-inside: avoid; break-inside: avoid; }
.help { font-size: .9em; color: #444; margin: 0 0 .3em; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding-left: .8em;
          border-left: 3px solid #ccc; }
.empty { color: #777; font-style: italic; }
ol.entries { margin: .2em 0 0; padding-left: 1.6em; }
ol.entries li { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 .4em;
                page-break-inside: avoid; break-inside: avoid; }
.field { display: block; }
.signatures { margin-top: 2.2em; display: flex; flex-wrap: wrap; gap: 1.5em 3em;
              page-break-inside: avoid; break-inside: avoid; }
.signature { flex: 1 1 16em; }
.line { border-bottom: 1px solid #111; height: 2.2em; }
.caption { font-size: .9em; color: #333; }
.source, .saved { font-size: .85em; color: #555; }
.howto { font-family: system-ui, sans-serif; font-size: .9rem; background: #eef4fb; border: 1px solid #b9cde6;
         border-radius: 6px; padding: .5em .75em; margin: 0 0 1.2em; }
@media print { .howto { display: none; } body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }
"""

#: Shown on screen above the document (hidden when printing): how to print from a laptop or a phone.
HOW_TO_PRINT = ("To print or save as PDF: press Ctrl+P (⌘P on a Mac) and choose \"Save as PDF\", or on a phone "
                "open the browser menu, then Share, then Print.")


def _date_text(when: date | datetime | str | None) -> str:
    if when is None:
        return ""
    if isinstance(when, str):
        return when
    if isinstance(when, datetime):
        when = when.astimezone().date()
    return f"{when.day} {when:%B %Y}"


def _is_detail(item: Item) -> bool:
    """Short one-line text items (names, a date) print as a table at the top."""
    return kinds.kind_of(item.type).print_detail(item)


def answer_html(item: Item, value: Any) -> str:
    """One item's answer as escaped HTML, as its kind prints it."""
    return kinds.kind_of(item.type).print_html(item, value)


def printable_html(exercise: Exercise, answers: Mapping[str, Any], *, saved: date | datetime | str | None = None,
                   title: str | None = None) -> str:
    """The complete HTML document for ``answers`` to ``exercise``: heading, intro, the short details
    (names, dates) as a table, every other item's question and answer in order (group entries and
    goals as numbered lists), a signature line per role, and where the content comes from.

    ``saved`` is when these answers were saved (printed as a date); ``title`` overrides the heading,
    which defaults to the exercise's ``printable.title`` (or its title). Everything is escaped and the
    document has no scripts.
    """
    printable = exercise.printable
    heading = title or (printable.title if printable else exercise.title)
    parts = [f"<h1>{escape(heading)}</h1>"]
    if printable and printable.intro:
        parts.append(f'<p class="intro">{escape(printable.intro)}</p>')
    details = [item for item in exercise.items if _is_detail(item)]
    saved_text = _date_text(saved)
    if details or saved_text:
        rows = []
        for item in details:
            value = answers.get(item.id)
            shown = (escape(value.strip()) if isinstance(value, str) and value.strip()
                     else f'<span class="empty">{NOT_FILLED}</span>')
            rows.append(f'<tr><th scope="row">{escape(item.text)}</th><td>{shown}</td></tr>')
        if saved_text:
            rows.append(f'<tr><th scope="row">Date</th><td>{escape(saved_text)}</td></tr>')
        parts.append(f'<table class="details">{"".join(rows)}</table>')
    for item in exercise.items:
        if _is_detail(item):
            continue
        help_text = getattr(item, "help", None)
        parts.append(
            '<section class="item">'
            f"<h2>{escape(item.text)}</h2>"
            + (f'<p class="help">{escape(help_text)}</p>' if help_text else "")
            + answer_html(item, answers.get(item.id))
            + "</section>"
        )
    if printable and printable.signatures:
        lines = "".join(
            '<div class="signature"><div class="line"></div>'
            f'<div class="caption">{escape(role)}: signature and date</div></div>'
            for role in printable.signatures
        )
        parts.append(f'<div class="signatures">{lines}</div>')
    parts.append(f'<p class="source">{escape(exercise.source.attribution)}</p>')
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading)}</title><style>{PRINT_CSS}</style></head>\n"
        f'<body><p class="howto">{escape(HOW_TO_PRINT)}</p>\n{body}\n</body></html>\n'
    )


def file_name(exercise: Exercise) -> str:
    """A download file name for the document, e.g. ``mentoring-agreement.html``."""
    heading = exercise.printable.title if exercise.printable else exercise.title
    slug = "".join(ch if ch.isalnum() else "-" for ch in heading.lower())
    slug = "-".join(part for part in slug.split("-") if part) or exercise.id
    return f"{slug}.html"
