"""The project's outer contract: dependencies listed once per tool, and a wheel that carries
its notebooks and content."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    """Do environment.yml and pyproject.toml (runtime + test extra) list the same packages?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = YAML(typ="safe").load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(r) for r in dep["pip"] if not r.startswith("-")}
        elif _name(dep) not in ("python", "pip"):
            listed.add(_name(dep))
    assert listed == wanted, f"only in environment.yml: {listed - wanted}; only in pyproject: {wanted - listed}"


def test_readme_names_every_dependency():
    """Does the README say what each dependency is for?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    readme = (ROOT / "README.md").read_text().lower()
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert _name(requirement) in readme, requirement


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("mentor_workshop_kit-*.whl")
    return path


def test_wheel_carries_notebooks_and_content(wheel):
    """Does the wheel contain the participant and facilitator notebooks, the content and the schema?"""
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kit/_notebooks/home.ipynb", "kit/_notebooks/confidentiality.ipynb",
                   "kit/_notebooks/facilitator/dashboard.ipynb", "kit/_data/exercises/confidentiality.yaml",
                   "kit/content/exercise.schema.json"):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)


def test_installed_kit_works_from_another_folder(wheel, tmp_path):
    """Run from an unrelated folder, does the unpacked wheel find its own content and notebooks?"""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("MENTORKIT_CONTENT", None)
    code = ("import kit, kit.paths as p; print(kit.__file__); print(p.content_dir()); print(p.notebooks_dir())")
    done = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    kit_file, content, notebooks = done.stdout.split()
    assert kit_file.startswith(str(site)) and content.startswith(str(site)) and notebooks.startswith(str(site))
    check = subprocess.run([sys.executable, "-m", "kit.cli", "check"], cwd=elsewhere, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0 and "confidentiality" in check.stdout, check.stderr
