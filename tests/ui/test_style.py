"""The kit's stylesheet (:mod:`kit.ui.style`, each kind's ``css`` included) next to the page template's own
script, which marks the page with classes of its own."""

from __future__ import annotations

import re

from kit import kinds, paths
from kit.ui import style

TEMPLATE = paths.jupyter_share_dir() / "voila" / "templates" / paths.VOILA_TEMPLATE


def test_the_stylesheet_leaves_the_templates_own_classes_alone():
    """Does no rule of the kit's stylesheet style a class that the template's connection script sets
    (``mk-gone`` is its "kernel gone" banner: a kit rule hiding it hid "Tap to reconnect")?"""
    script = (TEMPLATE / "connection.js").read_text()
    set_by_script = set(re.findall(r'className\s*=\s*"([\w-]+)"', script))
    set_by_script |= set(re.findall(r'classList\.(?:add|remove|toggle)\("([\w-]+)"', script))
    assert {"mk-gone", "mk-offline"} <= set_by_script  # the test reads the script as it is written
    rules = style.CSS + "".join(kind.css for kind in kinds.all() if kind.css)
    styled = set(re.findall(r"\.(mk-[\w-]+)", rules))
    assert not styled & set_by_script
