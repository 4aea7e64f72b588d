"""Loading content files: every problem kind names the file, the line and what is wrong."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import paths
from kit.content import ContentError, Problem, check_content, load_content, load_exercise

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
REPO = HERE.parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_35ff590ecf8585c2.txt"
SHIPPED = REPO / "data" / "exercises"

EXPECT = re.compile(rb"^# expect: (\d+|none): (.+?)\s*$")


def expectations(path: Path) -> list[tuple[int | None, str]]:
    """The ``# expect: <line>: <substring>`` lines at the top of a fixture (read as bytes: some are not UTF-8)."""
    found = []
    for raw in path.read_bytes().splitlines():
        match = EXPECT.match(raw)
        if not match:
            break
        line = None if match.group(1) == b"none" else int(match.group(1))
        found.append((line, match.group(2).decode("utf-8")))
    assert found, f"{path.name} has no '# expect: <line>: <message>' line at the top"
    return found


def assert_expected(problems: list[Problem], expected: list[tuple[int | None, str]]) -> None:
    """Every expectation matches a problem on its line, and every problem was expected."""
    shown = "\n".join(map(str, problems))
    matched = set()
    for line, text in expected:
        hits = [p for p in problems if p.line == line and text in p.message]
        assert hits, f"expected line {line}: {text!r}\ngot:\n{shown}"
        matched.update(hits)
    assert set(problems) == matched, f"unexpected problems:\n{shown}"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


VALID = """\
id: {id}
title: Title
summary: Summary.
instructions: Answer.
source:
  document: 000_35ff590ecf8585c2.txt
  attribution: Written for the tests
notebook: {id}.ipynb
items:
  - id: why
    type: text
    text: Why?
"""


# --- data-driven cases -----------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((CASES / "invalid").glob("*.y*ml")), ids=lambda p: p.stem)
def test_invalid_case(path: Path) -> None:
    """Does each broken fixture fail with exactly the problems its '# expect:' lines name, on those lines?"""
    with pytest.raises(ContentError) as caught:
        load_exercise(path)
    problems = caught.value.problems
    assert all(problem.path == path for problem in problems)
    assert_expected(problems, expectations(path))


@pytest.mark.parametrize("path", sorted((CASES / "valid").glob("*.y*ml")), ids=lambda p: p.stem)
def test_valid_case(path: Path) -> None:
    """Does each valid fixture load into an exercise that remembers its file?"""
    exercise = load_exercise(path)
    assert exercise.path == path
    assert exercise.items


def test_duplicate_exercise_ids_name_both_files() -> None:
    """Does an exercise id used in two files give a problem on the second file's id line, naming the first file?"""
    folder = CASES / "duplicate_ids"
    problems = check_content(folder)
    assert_expected(problems, expectations(folder / "b.yaml"))
    assert problems[0].path == folder / "b.yaml"
    assert problems[0].message.endswith(f"{folder / 'a.yaml'}:2)")


def test_every_problem_kind_has_a_fixture() -> None:
    """Is every problem kind the loader reports covered by an invalid fixture?"""
    messages = " ".join(text for path in (CASES / "invalid").glob("*.y*ml") for _, text in expectations(path))
    kinds = [
        "YAML syntax error",
        "duplicate key",
        "the top level must be a mapping",
        "the file is empty",
        "missing required field",
        "unknown field",
        "expected a whole number",
        "unknown item type",
        "unknown scale",
        "duplicate item id",
        "duplicate option value",
        "plain notebook file name",
        "not valid UTF-8",
        "is more than max_entries",
        "duplicate field id",
        "is not a field of this group",
        "at least two options not marked unsure",
        "takes at most",
    ]
    assert [kind for kind in kinds if kind not in messages] == []


def test_prefill_is_checked_across_files(tmp_path: Path) -> None:
    """Does a group's prefill that names a missing exercise, or an item that is not a goal, give a problem
    on the prefill's line, while a prefill from a real goal item loads?"""
    group = """id: {id}
title: T
summary: S
instructions: I
source: {{document: 002_210d4a71c61e34b5.txt, attribution: Written for the tests}}
items:
  - id: goals
    type: group
    text: Goals.
    fields: [{{id: goal, label: Goal}}]
    prefill: {{exercise: {source}, item: {item}, field: goal}}
"""
    write(tmp_path / "a.yaml", group.format(id="a", source="nowhere", item="goals"))
    write(tmp_path / "b.yaml", group.format(id="b", source="a", item="goals"))
    problems = check_content(tmp_path)
    assert [(p.path.name, p.line, p.message) for p in problems] == [
        ("a.yaml", 11, "items[0].prefill.exercise: no exercise has the id 'nowhere'"),
        ("b.yaml", 11, "items[0].prefill.item: exercise 'a' has no goal item 'goals'"),
    ]
    shipped = load_content()
    agreement_goals = [i for i in shipped["agreement"].items if i.prefill is not None]
    assert agreement_goals and agreement_goals[0].prefill.exercise == "smart_goals"


# --- folders -----------------------------------------------------------------------------------


def test_valid_folder_loads_in_order() -> None:
    """Does load_content order exercises by (order, id)?"""
    exercises = load_content(CASES / "valid")
    assert list(exercises) == ["full", "text_only", "new_types", "minimal"]
    assert [e.order for e in exercises.values()] == [5, 5, 50, 100]


def test_unchanged_folder_is_validated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is a folder whose files did not change parsed only once per process, each caller still getting
    its own dict?"""
    from kit.content import loader

    write(tmp_path / "one.yaml", VALID.format(id="one"))
    parsed: list[Path] = []
    real = loader._load
    monkeypatch.setattr(loader, "_load", lambda path: parsed.append(path) or real(path))
    first = load_content(tmp_path)
    second = load_content(tmp_path)
    assert [p.name for p in parsed] == ["one.yaml"]
    assert first == second and first is not second
    second.pop("one")
    assert list(load_content(tmp_path)) == ["one"]
    loader.forget_validated_content()
    load_content(tmp_path)
    assert len(parsed) == 2


def test_edited_added_and_broken_files_are_read_again(tmp_path: Path) -> None:
    """Does an edit (even one of the same size at once), an added file or a broken file reach the next
    load_content, so a cached folder never hides a change or a problem?"""
    path = write(tmp_path / "one.yaml", VALID.format(id="one"))
    assert load_content(tmp_path)["one"].title == "Title"
    write(path, VALID.format(id="one").replace("title: Title", "title: Eltit"))  # same size, same instant
    assert load_content(tmp_path)["one"].title == "Eltit"
    write(tmp_path / "two.yaml", VALID.format(id="two"))
    assert set(load_content(tmp_path)) == {"one", "two"}
    write(path, "id: one\ntitle: [")
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert caught.value.problems[0].path == path
    path.unlink()
    assert list(load_content(tmp_path)) == ["two"]


def test_empty_folder(tmp_path: Path) -> None:
    """Does a folder with no exercise files give one problem naming the folder, without a line?"""
    write(tmp_path / "notes.txt", "not content")
    problems = check_content(tmp_path)
    assert problems == [Problem(tmp_path, None, "no exercise files found (expected *.yaml or *.yml files)")]
    assert str(problems[0]) == f"{tmp_path}: no exercise files found (expected *.yaml or *.yml files)"


def test_missing_folder(tmp_path: Path) -> None:
    """Does a content folder that does not exist give a problem instead of a traceback?"""
    problems = check_content(tmp_path / "nowhere")
    assert len(problems) == 1 and "does not exist" in problems[0].message


def test_load_content_reports_all_files(tmp_path: Path) -> None:
    """Does load_content raise one ContentError listing the problems of every broken file, one per line?"""
    for name in ("unknown_scale.yaml", "wrong_types.yaml"):
        shutil.copy(CASES / "invalid" / name, tmp_path / name)
    write(tmp_path / "fine.yaml", VALID.format(id="fine"))
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    problems = caught.value.problems
    assert {p.path.name for p in problems} == {"unknown_scale.yaml", "wrong_types.yaml"}
    assert len(problems) == 6
    assert str(caught.value).splitlines() == [str(p) for p in problems]
    assert check_content(tmp_path) == problems


def test_hidden_files_and_subfolders_are_ignored(tmp_path: Path) -> None:
    """Are editor backups (dot files) and sub-folders left out of the content?"""
    write(tmp_path / "real.yml", VALID.format(id="real"))
    write(tmp_path / ".#real.yaml", "broken: [")
    (tmp_path / "drafts").mkdir()
    write(tmp_path / "drafts" / "draft.yaml", "broken: [")
    assert list(load_content(tmp_path)) == ["real"]


def test_default_folder_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Does directory=None read the folder kit.paths.content_dir() names ($MENTORKIT_CONTENT)?"""
    write(tmp_path / "elsewhere.yaml", VALID.format(id="elsewhere"))
    monkeypatch.setenv(paths.ENV_CONTENT, str(tmp_path))
    assert list(load_content()) == ["elsewhere"]
    assert check_content() == []


# --- single files -------------------------------------------------------------------------------


def test_zero_byte_file(tmp_path: Path) -> None:
    """Does a file with no bytes at all say that it is empty, on line 1?"""
    path = write(tmp_path / "blank.yaml", "")
    with pytest.raises(ContentError) as caught:
        load_exercise(path)
    assert [(p.line, p.message.startswith("the file is empty")) for p in caught.value.problems] == [(1, True)]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Does a UTF-8 file saved with a byte order mark (as some Windows editors do) load?"""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.format(id="bom").encode("utf-8"))
    assert load_exercise(path).id == "bom"


def test_anchored_booleans_are_booleans(tmp_path: Path) -> None:
    """Do YAML anchors on true/false (which ruamel loads as int subclasses) still count as booleans?"""
    text = VALID.format(id="anchors") + "    required: &no false\n    multiline: *no\n"
    exercise = load_exercise(write(tmp_path / "anchors.yaml", text))
    assert exercise.item("why").required is False
    assert exercise.item("why").multiline is False


def test_schema_errors_are_sorted_by_line(tmp_path: Path) -> None:
    """Are all schema errors of a file reported, in line order, not only the first?"""
    with pytest.raises(ContentError) as caught:
        load_exercise(CASES / "invalid" / "wrong_types.yaml")
    lines = [p.line for p in caught.value.problems]
    assert len(lines) == 5 and lines == sorted(lines)


def test_problem_str() -> None:
    """Does a Problem print as path:line: message, and without ':line' when it has none?"""
    assert str(Problem(Path("data/exercises/x.yaml"), 14, "items[2].scale: unknown scale")) == (
        "data/exercises/x.yaml:14: items[2].scale: unknown scale"
    )
    assert str(Problem(Path("data/exercises"), None, "no exercise files")) == "data/exercises: no exercise files"


def test_full_fixture_fields() -> None:
    """Does every field of the full fixture reach the model, with text trimmed?"""
    exercise = load_exercise(CASES / "valid" / "full.yaml")
    assert exercise.instructions == "Answer on your own.\n\nThen compare."
    assert exercise.source.url == "https://example.org/original"
    assert exercise.facilitator_note == "Run it in ten minutes."
    assert (exercise.duration_minutes, exercise.order, exercise.notebook) == (10, 5, "full-exercise.v2.ipynb")
    assert exercise.pairing is not None and exercise.pairing.enabled is False
    assert exercise.pairing.unsure == "Unsure."
    first = exercise.item("first_statement")
    assert first.scale is exercise.scales["yes_no_unsure"]
    assert (first.discuss, first.required) == ("Talk about it.", False)
    reflection = exercise.item("reflection")
    assert (reflection.multiline, reflection.max_length, reflection.shareable) == (True, 500, True)
    assert reflection.scale is None and reflection.extra == {}
    assert exercise.scales["agree_disagree"].values() == ("agree", "disagree")


def test_minimal_fixture_defaults() -> None:
    """Do left-out fields take their documented defaults (free text private, order 100, no pairing)?"""
    exercise = load_exercise(CASES / "valid" / "minimal.yaml")
    assert (exercise.order, exercise.pairing, exercise.duration_minutes) == (100, None, None)
    assert exercise.facilitator_note == "" and dict(exercise.scales) == {}
    item = exercise.item("only_text")
    assert (item.required, item.multiline, item.max_length) == (True, False, 2000)
    assert item.shareable is False and item.discuss is None


def test_import_stays_light() -> None:
    """Does importing kit.content leave jsonschema, pandas, matplotlib and ipywidgets unimported?"""
    code = (
        "import sys, kit.content\n"
        "heavy = ['jsonschema', 'pandas', 'matplotlib', 'ipywidgets', 'ruamel.yaml']\n"
        "print([name for name in heavy if name in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


# --- shipped content ----------------------------------------------------------------------------


def test_shipped_content_is_valid() -> None:
    """Does every file in data/exercises/ load without problems?"""
    assert [str(p) for p in check_content(SHIPPED)] == []
    assert "confidentiality" in load_content(SHIPPED)


def seed_statements(text: str) -> list[str]:
    """The numbered statements of the seed's first Confidentiality Checklist."""
    start = text.index("Confidentiality Checklist")
    end = text.index("Adapted from", start)
    return [" ".join(s.split()) for s in re.findall(r"^\s*\d+\.\s+(.+?)\s*$", text[start:end], re.M)]


def test_confidentiality_exercise() -> None:
    """Is the confidentiality checklist eight statements on Yes / No / Not sure, each with a discuss prompt?"""
    exercise = load_exercise(SHIPPED / "confidentiality.yaml")
    assert (exercise.id, exercise.notebook, exercise.order) == ("confidentiality", "confidentiality.ipynb", 130)
    assert exercise.source.document == "000_35ff590ecf8585c2.txt"
    assert exercise.source.attribution == "Adapted from Lois J. Zachary, The Mentee's Guide"
    assert len(exercise.choice_items) == len(exercise.items) == 8
    scale = exercise.scales["yes_no_unsure"]
    assert [(o.value, o.label, o.unsure) for o in scale.options] == [
        ("yes", "Yes", False),
        ("no", "No", False),
        ("not_sure", "Not sure", True),
    ]
    assert all(item.scale == scale and item.discuss for item in exercise.items)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", item.id) for item in exercise.items)
    assert exercise.pairing is not None and exercise.pairing.enabled
    assert "15 minutes" in exercise.facilitator_note
    assert exercise.item("need_to_know").text.startswith("If there is a demonstrated need to know")


def test_confidentiality_matches_seed() -> None:
    """Are the checklist's statements and instructions word for word the seed's?"""
    if not SEED.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed file {SEED} is missing in CI")
        pytest.skip(f"seed file {SEED} is not here (outside CI)")
    text = SEED.read_text(encoding="utf-8")
    exercise = load_exercise(SHIPPED / "confidentiality.yaml")
    assert [item.text for item in exercise.items] == seed_statements(text)
    for sentence in exercise.instructions.split("\n\n"):
        assert sentence in text


# --- robustness ----------------------------------------------------------------------------------

_KEYS = st.sampled_from(
    ["id", "title", "type", "text", "items", "scales", "options", "value", "label", "scale", "source", "x"]
)
_LEAVES = st.none() | st.booleans() | st.integers(-5, 20000) | st.text(max_size=8) | st.sampled_from(["choice"])
_DOCUMENTS = st.recursive(
    _LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_DOCUMENTS)
def test_any_document_loads_or_explains(tmp_path: Path, document: object) -> None:
    """Does any YAML document either load or fail with ContentError problems that all have a line, never a crash?"""
    from io import StringIO

    from ruamel.yaml import YAML

    buffer = StringIO()
    YAML(typ="safe", pure=True).dump(document, buffer)
    path = write(tmp_path / "random.yaml", buffer.getvalue())
    try:
        load_exercise(path)
    except ContentError as error:
        assert error.problems and all(isinstance(p.line, int) and p.line >= 1 for p in error.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=60) | st.text(max_size=60).map(str.encode))
def test_any_bytes_load_or_explain(tmp_path: Path, raw: bytes) -> None:
    """Do arbitrary bytes give ContentError problems (or, rarely, an exercise), never a crash?"""
    path = tmp_path / "random.yaml"
    path.write_bytes(raw)
    try:
        load_exercise(path)
    except ContentError as error:
        assert error.problems
