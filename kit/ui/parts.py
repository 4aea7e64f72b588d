"""Layout and style models that the many inputs of one view share.

Every ipywidget carries its own ``Layout`` model, and most a style model too, so a radio row costs
three models and a 22-statement quiz about 330. Each model is a message from the kernel, a relay by
the server and an object in the phone's page, and when the facilitator presents an exercise a whole
room builds it at the same moment on a small machine. Widgets that never change their layout or style
after they are made can point to one shared model instead (the quiz goes to about 150).

Only for layouts and styles that stay as made: changing ``widget.layout.display`` of a shared layout
would hide its neighbours with it. A widget that is shown and hidden shares the layout anyway and is
hidden with a class (:func:`show`), which is a trait of the widget itself. The parts are created
while the view is built, so the room closes them with the view.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

#: The class that hides a widget (the page's stylesheet, :mod:`kit.ui.style`).
HIDDEN = "mk-hidden"


class Parts:
    """One view's shared ``Layout`` and style models, made on first use and reused after."""

    def __init__(self) -> None:
        self._made: dict[tuple, widgets.Widget] = {}

    def _get(self, kind: type, traits: dict[str, Any]) -> Any:
        key = (kind, tuple(sorted(traits.items())))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = kind(**traits)
        return made

    def layout(self, **traits: Any) -> widgets.Layout:
        """A ``Layout`` with ``traits``, the same model for the same traits."""
        return self._get(widgets.Layout, traits)

    def style(self, kind: type, **traits: Any) -> Any:
        """A style model of ``kind`` (e.g. ``widgets.widget_description.DescriptionStyle``) with ``traits``."""
        return self._get(kind, traits)

    def labelled(self, style: type = widgets.widget_description.DescriptionStyle) -> dict[str, Any]:
        """Keyword arguments for a full-width input whose whole label is shown (``style``: the input's
        style class, e.g. ``widgets.TextStyle`` for a text box)."""
        return {"layout": self.layout(width="100%"), "style": self.style(style, description_width="initial")}

    def html(self, value: str = "") -> widgets.HTML:
        """An ``HTML`` widget sharing the plain layout and style."""
        return widgets.HTML(value, layout=self.layout(), style=self.style(widgets.widget_string.HTMLStyle))

    def box(self, children: list[widgets.Widget], kind: type = widgets.VBox) -> widgets.Box:
        """A box sharing the plain layout."""
        return kind(children, layout=self.layout())


def show(widget: widgets.DOMWidget, shown: bool) -> None:
    """Show or hide ``widget`` with a class, leaving its layout (perhaps shared) alone."""
    if shown:
        widget.remove_class(HIDDEN)
    else:
        widget.add_class(HIDDEN)


def is_shown(widget: widgets.DOMWidget) -> bool:
    """Whether ``widget`` is not hidden by :func:`show` (its layout may still hide it)."""
    return HIDDEN not in widget._dom_classes
