"""The text field (kit/kinds/text/form.py). Headless: widgets only, no browser."""

from __future__ import annotations

from pathlib import Path

from kit.content import load_exercise
from kit.ui.form import Form

EX = load_exercise(Path(__file__).parents[2] / "content" / "cases" / "valid" / "new_types.yaml")


def test_help_is_part_of_the_visible_label_escaped():
    """With help text, are the question and the help the box's own (visible) label, escaped?"""
    text = Form(EX).fields["rules"]
    label = text.control.description
    assert text.control.description_allow_html and text.widget.children[0] is text.control
    assert "How will you respect confidentiality?" in label and "Set any ground rules" in label
    assert text.control.tooltip.endswith("Set any ground rules")
