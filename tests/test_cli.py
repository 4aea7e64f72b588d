"""The `mentorkit` command line, and a test that fails when an option is undocumented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kit.cli import main

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "content" / "cases"


def commands(group: click.Group, prefix: str = "mentorkit"):
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        yield full, command
        if isinstance(command, click.Group):
            yield from commands(command, full)


def test_every_command_and_option_is_documented():
    """Does README.md mention every command and every option, and does each option have help text?"""
    readme = (ROOT / "README.md").read_text()
    for full, command in commands(main):
        assert f"`{full}" in readme, f"README.md does not document {full}"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{full} {param.opts[0]} has no help text"
                assert param.opts[0] in readme, f"README.md does not document {full} {param.opts[0]}"


def test_check_passes_on_shipped_content():
    """Does `mentorkit check` accept the shipped exercises?"""
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "confidentiality" in result.output


def test_check_names_file_and_line():
    """Does `mentorkit check` exit non-zero and print FILE:LINE: MESSAGE for a broken folder?"""
    result = CliRunner().invoke(main, ["check", "--content", str(CASES / "duplicate_ids")])
    assert result.exit_code == 1
    assert re.search(r"b\.yaml:\d+: .*duplicate exercise id", result.output), result.output


def test_check_on_a_folder_of_broken_files():
    """Is every broken file in the invalid cases reported, each with a line?"""
    result = CliRunner().invoke(main, ["check", "--content", str(CASES / "invalid")])
    assert result.exit_code == 1
    broken = sorted(p.name for p in (CASES / "invalid").glob("*.y*ml"))
    for name in broken:
        assert name in result.output, name


def test_session_create_list_close(tmp_path):
    """Do create, list and close work against one database and print what a facilitator needs?"""
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    created = runner.invoke(main, ["session", "create", "--name", "Nurses cohort", "--db", db,
                                   "--public-url", "http://10.9.8.7:8866"])
    assert created.exit_code == 0, created.output
    code = re.search(r"Join code: (\w{6})", created.output).group(1)
    assert f"http://10.9.8.7:8866/voila/render/home.ipynb?code={code}" in created.output
    listed = runner.invoke(main, ["session", "list", "--db", db])
    assert code in listed.output and "Nurses cohort" in listed.output and "open" in listed.output
    closed = runner.invoke(main, ["session", "close", code.lower(), "--db", db])
    assert closed.exit_code == 0 and "ended" in closed.output
    assert "ended" in runner.invoke(main, ["session", "list", "--db", db]).output


@pytest.mark.parametrize("args,needle", [
    (["session", "create", "--name", "   "], "name"),
    (["session", "close", "NOPE99"], "NOPE99"),
])
def test_cli_errors_are_one_clear_line(tmp_path, args, needle):
    """Do bad names and unknown codes give a short error and exit non-zero, without a traceback?"""
    result = CliRunner().invoke(main, args + ["--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "Error" in result.output


def test_bad_database_url_is_reported():
    """Is a mistyped database URL one clear error?"""
    result = CliRunner().invoke(main, ["session", "list", "--db", "notadb://x"])
    assert result.exit_code != 0 and "Cannot open the database" in result.output
