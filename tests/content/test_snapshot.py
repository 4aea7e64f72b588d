"""The validated content snapshot that participant kernels read instead of YAML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from kit import paths
from kit.content import load_content
from kit.content.snapshot import read_snapshot, write_snapshot


def test_snapshot_gives_the_same_exercises(tmp_path):
    """Does the snapshot rebuild exactly the exercises a full load gives?"""
    snapshot = write_snapshot(tmp_path / "c.json")
    assert read_snapshot(snapshot) == load_content()


def test_an_edited_file_is_validated_again(tmp_path):
    """After a content file changes, is the snapshot ignored (so a broken edit is caught)?"""
    folder = tmp_path / "content"
    shutil.copytree(paths.content_dir(), folder)
    snapshot = write_snapshot(tmp_path / "c.json", folder)
    assert read_snapshot(snapshot, folder) is not None
    target = folder / "confidentiality.yaml"
    time.sleep(0.01)
    target.write_text(target.read_text().replace("title: Confidentiality Checklist", "title: [broken"))
    assert read_snapshot(snapshot, folder) is None
    (folder / "extra.yaml").write_text("id: x\n")
    assert read_snapshot(snapshot, folder) is None


def test_kernel_with_snapshot_skips_yaml_and_jsonschema(tmp_path):
    """Does a kernel pointed at a fresh snapshot load the content without ruamel.yaml or jsonschema?"""
    snapshot = write_snapshot(tmp_path / "c.json")
    code = ("import sys; from kit.content import load_content; c = load_content(); "
            "print(len(c), 'ruamel.yaml' in sys.modules, 'jsonschema' in sys.modules)")
    env = dict(os.environ, MENTORKIT_CONTENT_SNAPSHOT=str(snapshot))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(len(load_content())), "False", "False"]


def test_an_edit_keeping_size_and_time_is_noticed(tmp_path):
    """Is an edit of the same length, with the file's modification time put back, still noticed?"""
    folder = tmp_path / "content"
    shutil.copytree(paths.content_dir(), folder)
    snapshot = write_snapshot(tmp_path / "c.json", folder)
    target = folder / "confidentiality.yaml"
    before = target.stat()
    text = target.read_text()
    target.write_text(text.replace("title: Confidentiality Checklist", "title: Confidentiality ChecklisT"))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    assert read_snapshot(snapshot, folder) is None
