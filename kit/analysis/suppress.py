"""The k rule for trainers' tables: an aggregate of fewer than k respondents is never shown.

The same rule as the facilitator's dashboard (:func:`kit.logic.aggregate.gate`): each session has
its own k (``k_threshold``, never below 2), and a group pooling several sessions uses the largest k
among them. A suppressed cell keeps no number at all, not even how many answered.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kit.logic.aggregate import gate

#: What a report says where cells were suppressed (deliberately without any number).
SUPPRESSED_NOTE = (
    "Cells marked '–' are hidden because fewer than k people answered in that group (k is the "
    "session's smallest group size), so that nobody's answers can be singled out."
)

#: Shown in a suppressed cell.
SUPPRESSED_MARK = "–"


def effective_k(k: int) -> int:
    """The k actually applied: the session's k, raised to 2 as on the dashboard."""
    return gate(0, int(k)).k


def group_k(k_thresholds: pd.Series) -> int:
    """The k of a group pooling sessions with these ``k_threshold`` values (the strictest one)."""
    return effective_k(int(k_thresholds.max())) if len(k_thresholds) else effective_k(2)


def suppress(
    frame: pd.DataFrame,
    k: int | pd.Series | str = "k",
    *,
    respondents: str = "respondents",
    columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` with every row of fewer than k ``respondents`` blanked.

    ``k`` is a number, a Series aligned with ``frame``, or the name of a column holding each row's
    k. ``columns`` are the numbers to blank (default: every numeric column, ``respondents``
    included). Adds a boolean ``suppressed`` column. Nothing is dropped, so a reader sees that a
    group exists but not how it answered.

    >>> import pandas as pd
    >>> suppress(pd.DataFrame({"respondents": [2, 5], "share": [0.5, 0.4]}), k=3)["share"].tolist()
    [<NA>, 0.4]
    """
    out = frame.copy()
    if isinstance(k, str):
        limit = out[k].map(effective_k) if k in out.columns else effective_k(3)
    elif isinstance(k, pd.Series):
        limit = k.map(effective_k)
    else:
        limit = effective_k(k)
    hidden = (out[respondents].astype("Float64") < limit).fillna(True).astype(bool)
    if columns is None:
        columns = [c for c in out.columns if c not in _NOT_COUNTS and pd.api.types.is_numeric_dtype(out[c])
                   and not pd.api.types.is_bool_dtype(out[c])]
    for column in columns:
        integer = pd.api.types.is_integer_dtype(out[column])
        out[column] = out[column].astype("Int64" if integer else "Float64")
        out.loc[hidden, column] = pd.NA
    out["suppressed"] = hidden
    return out


# Numbers that describe the group or item rather than how people answered.
_NOT_COUNTS = frozenset({"k", "k_threshold", "run", "item_position", "option_position", "revision"})
