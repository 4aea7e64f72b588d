"""The console's "Quick activity" form: a poll, word cloud, scale, open question or Q&A the content
files do not have, made in a few fields during the session and presented at once.

The fields are checked by :mod:`kit.logic.quick` and the activity stored by
:func:`kit.store.quick.create`; a refused one shows why and keeps what was typed, and nothing is
stored. "Save as YAML" offers a made activity as a content file to download, for next time.
"""

from __future__ import annotations

import base64
import logging
from html import escape
from typing import Callable, Mapping

import ipywidgets as widgets

from kit.content.model import Exercise
from kit.errors import InputError
from kit.logic import quick as rules
from kit.store import SessionRecord, Store
from kit.store import quick as stored
from kit.ui.style import message

log = logging.getLogger(__name__)


class QuickActivityForm(widgets.VBox):
    """Type, prompt, options; Create and present, or Create. ``on_created(session)`` runs after a
    quick activity was stored, with the session as stored."""

    def __init__(self, store: Store, content: Mapping[str, Exercise],
                 on_created: Callable[[SessionRecord], None] | None = None):
        self.store, self.content, self.on_created = store, content, on_created
        self.heading = widgets.HTML("<h2>Quick activity</h2><p class=\"mk-muted\">A question the exercises do not "
                                    "have: it joins the end of the agenda and is counted, charted and exported "
                                    "like any exercise.</p>")
        self.kind = widgets.Dropdown(description="Type", options=[(q.label, q.name) for q in rules.QUICK_TYPES.values()],
                                     value="poll", style={"description_width": "initial"})
        self.prompt = widgets.Text(description="Prompt", placeholder="e.g. Which part was most useful?",
                                   style={"description_width": "initial"}, layout=widgets.Layout(width="32rem",
                                                                                                max_width="100%"))
        self.options = widgets.Textarea(description="Options", style={"description_width": "initial"},
                                        layout=widgets.Layout(width="32rem", max_width="100%", height="7rem"))
        self.options_help = widgets.HTML()
        self.options_help.add_class("mk-muted")
        self.create_present = widgets.Button(description="Create and present", icon="play", button_style="primary",
                                             tooltip="Store it, put it on the agenda and show it on every phone now")
        self.create = widgets.Button(description="Create", icon="plus",
                                     tooltip="Store it and put it at the end of the agenda, without presenting it")
        self.create_present.on_click(lambda _: self.submit(present=True))
        self.create.on_click(lambda _: self.submit(present=False))
        self.status = widgets.HTML()
        self.status.add_class("mk-quick-status")
        self.saved = widgets.Dropdown(description="Save as YAML", style={"description_width": "initial"},
                                      layout=widgets.Layout(width="auto", min_width="18rem"))
        self.prepare = widgets.Button(description="Prepare YAML download", icon="download",
                                      tooltip="The chosen quick activity as a content file, for next time")
        self.prepare.on_click(lambda _: self.prepare_yaml())
        self.download = widgets.HTML()
        self.kind.observe(lambda _: self._kind_changed(), names="value")
        super().__init__([
            self.heading, self.kind, self.prompt, self.options, self.options_help,
            widgets.HBox([self.create_present, self.create], layout=widgets.Layout(flex_flow="row wrap")),
            self.status,
            widgets.HBox([self.saved, self.prepare], layout=widgets.Layout(flex_flow="row wrap",
                                                                          align_items="center")),
            self.download,
        ])
        self.add_class("mk-quick")
        self._session: SessionRecord | None = None
        self._documents: dict[str, dict] = {}
        self._kind_changed()
        self.show(None)

    def _kind_changed(self) -> None:
        quick = rules.QUICK_TYPES[self.kind.value]
        takes_options = quick.options != "none"
        self.options.layout.display = None if takes_options else "none"
        self.options_help.value = f"<p>Options: {escape(quick.options_help)}</p>" if takes_options else ""
        self.options.placeholder = "\n".join(quick.default_options) if quick.default_options else "Yes\nNo\nNot sure"

    def show(self, session: SessionRecord | None, content: Mapping[str, Exercise] | None = None) -> None:
        """Follow the console's session (and its catalogue, for the Save as YAML list)."""
        if content is not None:
            self.content = content
        changed = (session and session.code) != (self._session and self._session.code)
        self._session = session
        enabled = session is not None and session.is_open
        for control in (self.kind, self.prompt, self.options, self.create_present, self.create):
            control.disabled = not enabled
        quick = [(ex.title, ex_id) for ex_id, ex in (self.content or {}).items() if rules.is_quick(ex_id)]
        if [value for _, value in quick] != [value for _, value in self.saved.options]:
            self.saved.options = quick
            self.saved.index = len(quick) - 1 if quick else None
        self.saved.disabled = self.prepare.disabled = not quick
        if changed:
            self.status.value = self.download.value = ""

    def submit(self, *, present: bool) -> SessionRecord | None:
        """Store the typed activity (and present it); on a refusal say why and keep the fields."""
        if self._session is None:
            self._say("Choose or create a session first.", "warn")
            return None
        options = self.options.value if rules.QUICK_TYPES[self.kind.value].options != "none" else ""
        try:
            record, exercise = stored.create(self.store, self._session.code, _base(self.content), self.kind.value,
                                             self.prompt.value, options, present=present)
        except InputError as error:
            self._say(escape(str(error)), "error")
            return None
        except Exception as error:  # a database hiccup must not lose the typed fields
            log.exception("creating a quick activity failed")
            self._say(escape(f"Nothing was stored ({type(error).__name__}): please try again."), "error")
            return None
        self.prompt.value = ""
        self.options.value = ""
        where = "Presenting it now: phones show it." if present else "It is at the end of the agenda."
        self._say(f"Created “{escape(exercise.title)}”. {where}", "ok")
        self._session = record
        if self.on_created is not None:
            self.on_created(record)
        return record

    def prepare_yaml(self) -> None:
        """Offer the chosen quick activity as a content file (a download link)."""
        exercise_id = self.saved.value
        if self._session is None or exercise_id is None:
            self.download.value = message("Make a quick activity first.", "warn")
            return
        documents = {d["id"]: d for d in self.store.quick_documents(self._session.code)}
        document = documents.get(exercise_id)
        if document is None:
            self.download.value = message("That activity is not in this session.", "warn")
            return
        name, text = rules.yaml_for_next_time(document, self._session.code, _base(self.content))
        href = "data:application/x-yaml;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
        self.download.value = (f'<p><a download="{escape(name)}" href="{escape(href)}" class="mk-download '
                               f'mk-quick-yaml">Download {escape(name)}</a> (a content file: put it in your content '
                               "folder and run <code>mentorkit check</code>)</p>")

    def _say(self, text: str, kind: str) -> None:
        self.status.value = message(text, kind)


def _base(content: Mapping[str, Exercise]) -> Mapping[str, Exercise]:
    """The content files' exercises of a catalogue (the quick activities are read from the store)."""
    return getattr(content, "content", content)
