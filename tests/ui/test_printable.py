"""The printable document (e.g. the mentoring agreement): what it carries, and that it is escaped."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser

from kit import paths
from kit.content import load_exercise
from kit.ui.printable import NOT_FILLED, file_name, printable_html

HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


def agreement():
    return load_exercise(paths.data_dir() / "exercises" / "agreement.yaml")


def answers(**extra):
    base = {
        "mentor_name": "Dr. Rosa Ng",
        "mentee_name": "Sam O'Brien",
        "start_date": "3 March 2025",
        "goals": [{"goal": "Lead one team huddle a week by June"}, {"goal": "Present a case at rounds"}],
        "meeting_cadence": "Every second Tuesday, 45 minutes, in person.",
    }
    base.update(extra)
    return base


class Tags(HTMLParser):
    """Every start tag and text of a document, to check its structure rather than its spelling."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(document: str) -> Tags:
    parser = Tags()
    parser.feed(document)
    return parser


def test_agreement_carries_names_date_goals_and_signatures():
    """Does the printed agreement carry its title, both names, the starting date, the save date, the
    goals as a numbered list, every other question and a signature line per role?"""
    ex = agreement()
    doc = printable_html(ex, answers(), saved=date(2025, 3, 4))
    assert doc.startswith("<!DOCTYPE html>") and doc.rstrip().endswith("</html>")
    assert "<h1>Mentoring Agreement</h1>" in doc and "<title>Mentoring Agreement</title>" in doc
    assert "Dr. Rosa Ng" in doc and "Sam O&#x27;Brien" in doc and "3 March 2025" in doc
    assert "4 March 2025" in doc  # the date the version was saved
    goals = re.search(r'<ol class="entries">(.*?)</ol>', doc).group(1)
    assert goals == "<li>Lead one team huddle a week by June</li><li>Present a case at rounds</li>"
    for item in ex.items:
        assert item.text.replace("&", "&amp;") in doc
    assert "Every second Tuesday, 45 minutes, in person." in doc
    assert doc.count(NOT_FILLED) == 5  # the long questions nobody answered yet
    assert "Mentor: signature and date" in doc and "Mentee: signature and date" in doc
    assert "Vancouver Coastal Health" in doc  # the credit line
    assert "@page" in doc and "break-inside: avoid" in doc and "serif" in doc


def test_hostile_text_is_escaped_and_there_are_no_scripts():
    """Does text a participant typed (markup, script, ampersands) appear escaped, with no script in the page?"""
    ex = agreement()
    doc = printable_html(ex, answers(mentor_name=HOSTILE, goals=[{"goal": HOSTILE}], ground_rules=HOSTILE,
                                      start_date="Q&A day"), saved="today & tomorrow")
    assert "<script" not in doc.lower() and "<img" not in doc.lower()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;"
    assert doc.count(escaped) == 3  # name, goal, ground rules
    assert "Q&amp;A day" in doc and "today &amp; tomorrow" in doc
    parsed = parse(doc)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert HOSTILE in "".join(parsed.text)  # what the pair typed reads back exactly


def test_datetime_and_other_exercises():
    """Is a saved datetime printed as a date, and does an exercise without signatures print none?"""
    ex = load_exercise(paths.data_dir() / "exercises" / "planning.yaml")
    doc = printable_html(ex, {"strengths": "Listening\nPatience"},
                         saved=datetime(2025, 11, 21, 12, 0, tzinfo=timezone.utc))
    assert "<h1>Mentee/Mentor Planning</h1>" in doc
    assert "21 November 2025" in doc
    assert "Listening\nPatience" in doc  # line breaks kept (white-space: pre-wrap)
    assert 'class="signature"' not in doc
    assert file_name(ex) == "mentee-mentor-planning.html"
    assert file_name(agreement()) == "mentoring-agreement.html"
