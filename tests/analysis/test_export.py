"""Exports round-trip through pandas in both formats, and the command line writes them."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from kit.analysis import export_answers, read_export
from kit.analysis.export import EXPORT_COLUMNS
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
