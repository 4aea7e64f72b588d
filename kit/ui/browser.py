"""Small instructions to the participant's browser: remember who they are (a cookie; the key never
goes in the address bar), keep the URL current.

Voila renders JavaScript outputs of an ``Output`` widget, which is the only way a kernel can ask the
browser to store a cookie or rewrite its address bar. Values are embedded with ``json.dumps`` so a
key or code can never break out of the script.
"""

from __future__ import annotations

import json

import ipywidgets as widgets
from IPython.display import Javascript, display

from kit.ui.visit import cookie_name

REMEMBER_DAYS = 30


class BrowserBridge(widgets.Output):
    """An invisible output that runs the kit's few browser-side steps."""

    def __init__(self) -> None:
        super().__init__(layout=widgets.Layout(height="0px", overflow="hidden", margin="0", padding="0"))
        self.add_class("mk-bridge")
        self.sent: list[str] = []  # what was asked of the browser, for tests
        self._address: dict[str, str | None] = {}

    def _replace(self, script: str) -> None:
        """Run ``script`` as this output's only content, set as the widget's state: it reaches the page
        from anywhere (a poller's task included), and earlier scripts never pile up or run again."""
        self.sent.append(script)
        with self.hold_sync():
            self.outputs = ()
            self.append_display_data(Javascript(script))

    def _run(self, script: str) -> None:
        self.sent.append(script)
        with self:
            display(Javascript(script))

    def remember(self, code: str, key: str) -> None:
        """Store the participant key in a cookie for this session and keep the address bar to the
        session's code (a ``p`` the visit came with is removed), so a reload, a bookmark or a second
        tab brings the same participant back and the address never carries the key to anyone."""
        # "?" until the room says what it shows, so its first word always reaches the address bar.
        self._address = {"code": code, "key": key, "exercise": self._address.get("exercise", "?")}
        self._sync_address()

    def show_exercise(self, exercise_id: str | None) -> None:
        """Name the exercise on screen in the address bar (``exercise=``), so a reload of a self-paced
        page opens it again; None removes it (the room decides)."""
        if not self._address.get("code") or self._address.get("exercise") == exercise_id:
            return
        self._address["exercise"] = exercise_id
        self._sync_address()

    def _sync_address(self) -> None:
        # One output holding the whole state, replaced at each change: the script is idempotent, so
        # a page that renders it again (a reconnect) ends in the same place, and outputs never pile up.
        code, key, exercise = self._address["code"], self._address["key"], self._address.get("exercise")
        name = cookie_name(code)
        max_age = REMEMBER_DAYS * 24 * 3600
        script = (
            "(function(){"
            f"var code={json.dumps(code)}, key={json.dumps(key)}, exercise={json.dumps(exercise)};"
            f"document.cookie={json.dumps(name + '=')}+encodeURIComponent(key)+"
            f"'; path=/; max-age={max_age}; SameSite=Lax';"
            "var u=new URL(window.location.href);u.searchParams.set('code',code);u.searchParams.delete('p');u.searchParams.delete('new');"
            "if(exercise){u.searchParams.set('exercise',exercise);}else{u.searchParams.delete('exercise');}"
            "window.history.replaceState(null,'',u.toString());"
            "})();"
        )
        self._replace(script)

    def set_params(self, params: dict[str, str | None]) -> None:
        """Keep ``params`` in the address bar (None removes one), leaving the others (a token) as they
        are, so a reload or a bookmark opens the same view. One output, replaced at each change."""
        if params == getattr(self, "_params", None):
            return
        self._params = dict(params)
        script = (
            "(function(){"
            f"var params={json.dumps(params)};"
            "var u=new URL(window.location.href);"
            "Object.keys(params).forEach(function(k){if(params[k]===null){u.searchParams.delete(k);}"
            "else{u.searchParams.set(k,params[k]);}});"
            "window.history.replaceState(null,'',u.toString());"
            "})();"
        )
        self._replace(script)

    def forget(self, code: str) -> None:
        """Drop the remembered participant for ``code`` (the "not you?" link)."""
        self._run(
            f"document.cookie={json.dumps(cookie_name(code) + '=')}+'; path=/; max-age=0; SameSite=Lax';"
            "var u=new URL(window.location.href);u.searchParams.delete('p');"
            "window.history.replaceState(null,'',u.toString());"
        )

    def name_from_tooltip(self, selector: str) -> None:
        """Give every element matching ``selector`` (now and later) its tooltip as its accessible name
        (``aria-label``), kept in step when the tooltip changes. ipywidgets names a button by its visible
        label only; a row of buttons all labelled "Upvote" then reads the same to a screen reader, while
        each tooltip says which row it is for. One observer per page and selector; it also watches ``class``,
        as a widget's classes may arrive after its title."""
        script = (
            "(function(){"
            f"var sel={json.dumps(selector)}, flag='__mkNamed'+sel;"
            "if(window[flag]){return;}window[flag]=true;"
            "function name(el){var t=el.getAttribute('title');if(t&&el.getAttribute('aria-label')!==t)"
            "{el.setAttribute('aria-label',t);}}"
            "document.querySelectorAll(sel).forEach(name);"
            "new MutationObserver(function(changes){changes.forEach(function(c){"
            "if(c.type==='attributes'){if(c.target.matches&&c.target.matches(sel)){name(c.target);}return;}"
            "c.addedNodes.forEach(function(n){if(n.nodeType!==1){return;}if(n.matches(sel)){name(n);}"
            "n.querySelectorAll(sel).forEach(name);});});})"
            ".observe(document.body,{subtree:true,childList:true,attributes:true,attributeFilter:['title','class']});"
            "})();"
        )
        self._replace(script)

    def offer_document(self, anchor_id: str, document: str) -> None:
        """Point the link with id ``anchor_id`` at ``document`` (a complete HTML page) as a blob URL,
        so tapping it opens the page in a new tab, where it can be printed or saved as a PDF.

        A real link the person taps is a user gesture, so no popup blocker interferes (a
        ``window.open`` run later from the kernel would be blocked, on phones especially), and a blob
        URL of the page's own origin may open in a tab where a ``data:`` URL may not. The link may be
        drawn just after this runs, so the script looks for it for a few seconds.
        """
        # json.dumps escapes quotes and backslashes; "<" is escaped too so that no "</script>" in
        # the document could end a script element, whatever way the page runs this code.
        payload = json.dumps(document).replace("<", "\\u003c")
        script = (
            "(function(){"
            f"var id={json.dumps(anchor_id)}, html={payload};"
            "var url=URL.createObjectURL(new Blob([html],{type:'text/html;charset=utf-8'}));"
            "var tries=0;(function attach(){var a=document.getElementById(id);"
            "if(a){a.setAttribute('href',url);a.removeAttribute('aria-disabled');a.classList.add('mk-ready');}"
            "else if(tries++<100){setTimeout(attach,100);}})();"
            "})();"
        )
        # Set as the widget's state rather than captured with ``with self:``: a partner's version
        # arrives from the poller's asyncio task, outside any message the capture could follow. One
        # output only: an earlier version's link is gone.
        self._replace(script)
