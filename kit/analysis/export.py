"""Pseudonymous exports of the tidy answers, as CSV or Parquet.

By default an export:

* replaces each participant key with a pseudonym (``participant``) drawn afresh for this export;
* leaves display names out (``include_names`` keeps them);
* leaves out free text that the participant did not share (``include_private_text`` keeps it). Any
  item type not known to have closed answers (:data:`CLOSED_TYPES`) counts as free text, so a new
  type is private until it is added there; ``withheld`` marks the answers left out;
* drops the database ids of responses, which would let two exports be joined.

CSV is opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(...)`` typed as an answer would become a live link). Every CSV the kit writes
therefore follows OWASP's rule for CSV injection: a text cell starting with one of those, a tab or a
carriage return gets a leading ``'`` (:func:`neutralize_formula`), which spreadsheets show as text and
hide. Numbers are never touched: numeric columns stay numbers, and a text cell that is a plain
number (``-2``, ``+3.5``) cannot be a formula, so it is left as it is. A cell that already starts with
``'`` before such a character gets one more, so :func:`read_export` gives back exactly the text that
was stored. Parquet keeps every text exact and needs none of this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from kit import kinds
from kit.analysis.pseudonyms import pseudonymize
from kit.analysis.tidy import COLUMNS, load_answers
from kit.content.model import Exercise
from kit.store import Store

#: Item types whose answers are options chosen, never typed text (kinds declared ``closed``).
CLOSED_TYPES = kinds.types(lambda kind: kind.closed)

#: File formats :func:`write_export` writes, by name.
FORMATS = ("csv", "parquet")

#: Columns of an export, in order (``display_name`` only with ``include_names``).
EXPORT_COLUMNS: tuple[str, ...] = tuple(
    "participant" if c == "participant_key" else c for c in COLUMNS if c not in ("response_id", "settings")
) + ("withheld",)


#: How timestamps are written in CSV (ISO 8601 with microseconds and the UTC offset).
CSV_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.%f%z"
#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _needs_quote(text: str) -> bool:
    """Would a spreadsheet read ``text`` (after any leading apostrophes) as a formula?"""
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(bare)


def neutralize_formula(value):
    """A CSV cell that no spreadsheet runs: text that could start a formula gets a leading ``'``
    (anything else, numbers and missing values included, is returned as it is)."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore_formula(value):
    """The text :func:`neutralize_formula` was given (it removes exactly the ``'`` it added)."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns
            if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])]


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are made safe to open in a spreadsheet
    (:func:`neutralize_formula`); numeric, boolean and date columns are left as they are."""
    out = frame.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(neutralize_formula, na_action="ignore")
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV bytes, formulas neutralised: what every CSV of the kit is made with."""
    return csv_safe(frame).to_csv(index=False, date_format=CSV_DATE_FORMAT).encode("utf-8")


def export_frame(
    answers: pd.DataFrame,
    *,
    include_names: bool = False,
    include_private_text: bool = False,
    seed: int | None = None,
) -> pd.DataFrame:
    """The tidy ``answers`` made fit to share: pseudonyms, no names, no private free text.

    ``seed`` fixes the pseudonyms (tests only); by default each call draws new ones, so pseudonyms
    are stable within one export and differ between exports.
    """
    out = answers.copy()
    out["participant_key"] = pseudonymize(out["participant_key"], seed=seed)
    out = out.rename(columns={"participant_key": "participant"})
    private = ~out["item_type"].isin(CLOSED_TYPES) & ~out["shared"]
    withheld = private & out["answer"].notna() if not include_private_text else pd.Series(False, index=out.index)
    for column in ("answer", "value", "label", "confidence"):
        out.loc[withheld, column] = pd.NA
    out["withheld"] = withheld.astype(bool)
    columns = [c for c in EXPORT_COLUMNS if include_names or c != "display_name"]
    return out[columns].reset_index(drop=True)


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt``, else the file's suffix (``.csv``, ``.parquet``/``.pq``)."""
    if fmt:
        chosen = fmt.lower()
    else:
        chosen = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}.get(Path(path).suffix.lower(), "")
    if chosen not in FORMATS:
        raise ValueError(f"Unknown export format {fmt or Path(path).suffix!r}: use csv or parquet.")
    return chosen


def write_export(frame: pd.DataFrame, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``frame`` to ``path`` as CSV (UTF-8, ISO timestamps, formulas neutralised:
    :func:`csv_safe`) or Parquet (text exact); returns the path.

    The file is written next to its final name and then renamed, so a failed export never leaves
    half a file behind.
    """
    path = Path(path)
    chosen = format_for(path, fmt)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if chosen == "csv":
            partial.write_bytes(to_csv_bytes(frame))
        else:
            frame.to_parquet(partial, index=False)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def read_export(path: str | Path, fmt: str | None = None) -> pd.DataFrame:
    """Read an export back with the column types it was written with (CSV types are restored, and
    the ``'`` put before text that looked like a formula is removed again)."""
    path = Path(path)
    if format_for(path, fmt) == "parquet":
        return pd.read_parquet(path)
    frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    for column in frame.columns:
        frame[column] = frame[column].map(restore_formula, na_action="ignore").astype("string")
    for column in ("session_start", "answered_at"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    if "session_date" in frame:
        frame["session_date"] = pd.to_datetime(frame["session_date"], format="ISO8601")
    for column in ("k_threshold", "revision", "run"):
        if column in frame:
            frame[column] = frame[column].astype("int64")
    if "item_position" in frame:
        frame["item_position"] = frame["item_position"].astype("Int64")
    for column in ("is_latest", "shared", "withheld"):
        if column in frame:
            frame[column] = frame[column].map({"True": True, "False": False}).astype(bool)
    for column in ("unsure", "correct"):
        if column in frame:
            frame[column] = frame[column].map({"True": True, "False": False}).astype("boolean")
    return frame


def export_answers(
    source: Store | str | None,
    path: str | Path,
    *,
    sessions: Iterable[str] | str | None = None,
    fmt: str | None = None,
    include_names: bool = False,
    include_private_text: bool = False,
    latest_only: bool = False,
    exercises: Mapping[str, Exercise] | None = None,
) -> pd.DataFrame:
    """Load the answers of ``sessions`` (default: all), make them shareable and write them to ``path``.

    Returns the frame written. See :func:`export_frame` for what is left out by default.

    Example::

        export_answers("sqlite:///workshop.sqlite3", "answers.parquet", sessions=["K7M2QX"])
    """
    answers = load_answers(source, sessions, latest_only=latest_only, exercises=exercises)
    frame = export_frame(answers, include_names=include_names, include_private_text=include_private_text)
    write_export(frame, path, fmt)
    return frame


def session_csv(source: Store | str | None, code: str) -> bytes:
    """One session's answers as pseudonymous CSV bytes (the console's download): the same rules as
    :func:`export_answers` with its defaults, so no names, no keys and no private free text, and
    formulas neutralised (:func:`csv_safe`)."""
    answers = load_answers(source, [code])
    return to_csv_bytes(export_frame(answers))
