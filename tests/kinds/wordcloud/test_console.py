"""The facilitator's word cloud, headless: held back until Reveal, k per word, escaped, projector
without controls, and a hidden word leaves the cloud but stays stored."""

from __future__ import annotations

from kit.content import load_content
from html import escape

from kit.kinds.wordcloud import normalise
from kit.kinds.wordcloud.console import WordCloudSection
from kit.logic.aggregate import gate
from kit.ui.console import ConsoleView
from kit.ui.sections import Snapshot, sections_for

EXERCISE = load_content()["great_mentor_words"]
TAG = normalise("<script>x</script>")  # "script>x</script": the edges' punctuation goes, the rest stays
WORDS = [["Listener", "patient"], ["listeners", "<script>x</script>"], ["a listener", "Patient", "<script>x</script>"],
         ["wise"], ["LISTENER", "patient", "<script>x</script>"]]


def fill(store, code, words):
    for number, given in enumerate(words):
        person = store.join(code, f"P{number}", join_token=f"t{code}{number}")
        store.submit(person.key, EXERCISE.id, {"words": given}, submission_id=f"s{code}{number}")


def snapshot(answers, k=3, hidden=()):
    return Snapshot(exercise=EXERCISE, joined=len(answers), answers=answers, gate=gate(len(answers), k),
                    extra={"wordcloud": {"hidden": list(hidden)}})


def test_the_kind_names_this_section():
    """Does a word cloud exercise get the word cloud section?"""
    assert [type(s) for s in sections_for(EXERCISE)] == [WordCloudSection]


def test_words_below_k_never_show_and_text_is_escaped():
    """With k=3: listener (4), patient (3) and the script tag (3, escaped) show; wise (1) does not."""
    section = WordCloudSection(EXERCISE, EXERCISE.items)
    section.update(snapshot([{"words": w} for w in WORDS]))
    html = section.clouds[0].value
    assert 'data-word="listener" data-count="4"' in html and 'data-word="patient" data-count="3"' in html
    assert escape(TAG) in html and "x</script" not in html
    assert "wise" not in html and "fewer than 3 people" in html
    assert html.index("listener") < html.index("patient")
    assert section.to_hide.options == ("listener", "patient", TAG)


def test_nothing_below_k_respondents():
    """With fewer than k people, is there no cloud at all and no moderation?"""
    section = WordCloudSection(EXERCISE, EXERCISE.items)
    section.update(snapshot([{"words": ["a"]}, {"words": ["a"]}]))
    assert section.clouds[0].value == "" and section.moderation.layout.display == "none"
    assert section.text_summary(snapshot([{"words": ["a"]}])) == ""


def test_projector_is_large_and_has_no_controls():
    """Does the projector view draw larger words and hide the moderation controls and the rare note?"""
    section = WordCloudSection(EXERCISE, EXERCISE.items)
    section.update(snapshot([{"words": w} for w in WORDS]), large=True)
    assert section.moderation.layout.display == "none"
    assert "font-size:4.20em" in section.clouds[0].value and "fewer than" not in section.clouds[0].value


def test_console_reveals_and_hides_a_word_without_deleting_it(ui_store):
    """In the console: hidden until Reveal; after Reveal the cloud shows; hiding a word takes it out
    of the cloud (also after a fresh refresh) while every stored answer keeps it; Show again puts it back."""
    session = ui_store.create_session("Cloud")
    fill(ui_store, session.code, WORDS)
    view = ConsoleView(ui_store, {EXERCISE.id: EXERCISE}, public_url="http://192.0.2.1:8866", poll_seconds=None)
    panel = view.panels[EXERCISE.id]
    assert panel.body.layout.display == "none"
    panel.reveal.value = True
    section = panel.sections[0]
    assert 'data-word="listener"' in section.clouds[0].value
    section.to_hide.value = TAG
    section.hide.click()
    assert "script" not in section.clouds[0].value
    assert "hidden from" in section.status.value
    assert ui_store.get_session(session.code).settings["hidden_words"] == {EXERCISE.id: [TAG]}
    view.refresh(force=True)
    assert "script" not in section.clouds[0].value
    stored = ui_store.latest_answers(session.code, EXERCISE.id)
    assert sum("<script>x</script>" in a["words"] for a in stored) == 3
    assert section.to_show.options == (TAG,)
    section.to_show.value = TAG
    section.show.click()
    assert escape(TAG) in section.clouds[0].value


def test_a_new_answer_grows_the_cloud(ui_store):
    """Does a refresh after more people answer show a word that has now reached k?"""
    session = ui_store.create_session("Grow")
    fill(ui_store, session.code, WORDS)
    view = ConsoleView(ui_store, {EXERCISE.id: EXERCISE}, public_url="http://192.0.2.1:8866", poll_seconds=None)
    panel = view.panels[EXERCISE.id]
    panel.reveal.value = True
    assert "wise" not in panel.sections[0].clouds[0].value
    for number in (7, 8):
        person = ui_store.join(session.code, f"Q{number}", join_token=f"q{number}")
        ui_store.submit(person.key, EXERCISE.id, {"words": ["Wise"]}, submission_id=f"q{number}")
    view.refresh()
    assert 'data-word="wise" data-count="3"' in panel.sections[0].clouds[0].value
