"""The kit's look: one stylesheet for every app, readable on a phone and usable by keyboard."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

CSS = """
<style>
.mk-app { max-width: 46rem; margin: 0 auto; padding: 0 0.75rem 3rem; font-size: 1.05rem;
  line-height: 1.45; color: #1a1a1a; box-sizing: border-box; width: 100%; }
.mk-app * { box-sizing: border-box; }
.mk-app .widget-html-content, .mk-app .widget-label { font-size: 1.05rem; line-height: 1.45; }
.mk-app h1 { font-size: 1.6rem; margin: 0.8rem 0 0.4rem; }
.mk-app h2 { font-size: 1.25rem; margin: 1.2rem 0 0.4rem; }
.mk-app .widget-inline-hbox { flex-wrap: wrap; height: auto; }
.mk-app .widget-label { white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.4; min-width: 0; max-width: 100%; }
.mk-app .widget-text input, .mk-app .widget-textarea textarea { font-size: 1rem; min-height: 2.4rem;
  border: 1px solid #555; border-radius: 4px; padding: 0.3rem 0.5rem; }
.mk-app .widget-text, .mk-app .widget-textarea { width: 100%; max-width: 30rem; flex-direction: column;
  align-items: stretch; margin: 0.3rem 0; }
.mk-app .widget-text > .widget-label, .mk-app .widget-textarea > .widget-label { width: auto !important;
  font-weight: 600; margin-bottom: 0.2rem; text-align: left; }
.mk-app .widget-text input, .mk-app .widget-textarea textarea { width: 100%; }
.mk-app .widget-button, .mk-app .jupyter-button { min-height: 2.6rem; font-size: 1rem; padding: 0 1.1rem;
  border-radius: 4px; height: auto; width: auto; }
.mk-app .mod-primary { background: #0b5cad; color: #fff; }
/* Jupyter's coloured buttons and grey tab labels, darkened to a contrast ratio of at least 4.5:1 */
.mk-app .jupyter-button.mod-warning { background: #a35200; color: #fff; }
.mk-app .jupyter-button.mod-warning:hover:enabled { background: #8a4500; }
.mk-app .jupyter-button.mod-success { background: #2e7d32; color: #fff; }
.mk-app .jupyter-button.mod-success:hover:enabled { background: #1f5c33; }
.mk-app .jupyter-button.mod-info { background: #0277bd; color: #fff; }
.mk-app .jupyter-button.mod-info:hover:enabled { background: #01579b; }
.mk-app .jupyter-button.mod-danger { background: #b3261e; color: #fff; }
.mk-app .jupyter-button.mod-danger:hover:enabled { background: #8c1d18; }
.mk-app .lm-TabBar .lm-TabBar-tab, .mk-app .lm-TabBar .lm-TabBar-tabLabel { color: #3d3d3d; }
.mk-app button:focus-visible, .mk-app input:focus-visible, .mk-app textarea:focus-visible,
.mk-app a:focus-visible { outline: 3px solid #e8a200; outline-offset: 2px; }
.mk-app a { color: #0b5cad; text-decoration: underline; text-underline-offset: 2px; }
.mk-choice { flex-direction: column !important; align-items: flex-start !important; width: 100%;
  margin: 0.9rem 0 0.2rem; padding: 0.6rem 0.7rem; border: 1px solid #d6d6d6; border-radius: 6px; }
.mk-choice > .widget-label { width: 100% !important; font-weight: 600; margin-bottom: 0.3rem; }
.mk-choice .widget-radio-box, .mk-choice .widget-radio-box-vertical { flex-direction: row !important;
  flex-wrap: wrap; gap: 0.2rem 1.6rem; height: auto !important; margin-bottom: 0 !important; }
.mk-choice .widget-radio-box label { font-size: 1rem; padding: 0.35rem 0.2rem; min-height: 2.4rem;
  display: flex; flex-direction: row-reverse; justify-content: flex-end; align-items: center; cursor: pointer;
  width: auto; }
.mk-choice .widget-radio-box input { width: 1.15rem; height: 1.15rem; margin-right: 0.45rem; }
.mk-section { border-bottom: 2px solid #d6d6d6; padding-bottom: 0.2rem; }
.mk-help { color: #404040; font-size: 0.97rem; margin: 0.1rem 0 0.3rem; }
.mk-question { margin: 0.9rem 0 0.1rem; }
.mk-app .widget-label .mk-question { display: block; margin: 0; font-weight: 700; }
.mk-app .widget-label .mk-label-help { display: block; font-weight: 400; }
.mk-group { margin: 0.9rem 0 0.3rem; }
.mk-group-entry { border: 1px solid #d6d6d6; border-radius: 6px; padding: 0.3rem 0.7rem 0.5rem; margin: 0.4rem 0; }
.mk-group-entry h3 { font-size: 1.05rem; margin: 0.3rem 0; }
.mk-share { margin: 0.2rem 0 0.6rem; height: auto !important; }
.mk-share label, .mk-share .widget-label-basic { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto; line-height: 1.4; }
.mk-status { padding: 0.5rem 0.7rem; border-radius: 6px; margin: 0.4rem 0; }
.mk-ok { background: #e3f4e8; border: 1px solid #2e7d47; }
.mk-warn { background: #fff4d6; border: 1px solid #a06a00; }
.mk-error { background: #fde8e8; border: 1px solid #b3261e; }
.mk-muted { color: #505050; font-size: 0.95rem; }
.mk-hidden { display: none !important; }
.mk-source { color: #505050; font-size: 0.9rem; font-style: italic; }
.mk-code { font-family: ui-monospace, monospace; font-size: 1.5rem; letter-spacing: 0.15rem;
  font-weight: 700; background: #f1f1f1; padding: 0.1rem 0.5rem; border-radius: 4px; }
.mk-compare { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
.mk-compare th, .mk-compare td { border-bottom: 1px solid #ccc; padding: 0.45rem 0.35rem; text-align: left;
  vertical-align: top; }
.mk-compare .mk-badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px;
  font-size: 0.85rem; font-weight: 600; white-space: nowrap; }
.mk-badge.agree { background: #e3f4e8; color: #1f5c33; }
.mk-badge.differ { background: #fde8e8; color: #8c1d18; }
.mk-badge.unsure { background: #fff4d6; color: #6b4700; }
.mk-badge.missing { background: #eee; color: #333; }
.mk-prompt { display: block; margin-top: 0.25rem; color: #333; font-size: 0.95rem; }
.mk-list { list-style: none; padding: 0; }
.mk-list li { border: 1px solid #d6d6d6; border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.5rem 0; }
.mk-list a { font-size: 1.15rem; font-weight: 600; }
.mk-console .mk-panel { border-top: 2px solid #d6d6d6; margin-top: 1rem; padding-top: 0.4rem; }
.mk-bigcode { font-family: ui-monospace, monospace; font-size: 5rem; font-weight: 800; letter-spacing: 0.6rem;
  margin: 0.2rem 0 0.8rem; line-height: 1.1; }
.mk-join-url { font-size: 1.6rem; word-break: break-all; }
.mk-join-lead { font-size: 1.4rem; margin: 0.3rem 0; }
.mk-projector { max-width: none !important; }
.mk-projector .widget-html-content, .mk-projector .widget-label { font-size: 1.6rem !important; }
.mk-projector h2 { font-size: 2.2rem; }
.mk-facilitator-note { margin: 0 0 0.4rem; }
.mk-facilitator-note summary { cursor: pointer; color: #0b5cad; font-weight: 600; }
.mk-projector .mk-facilitator-note { display: none; }
.mk-projector .mk-chart { max-width: none !important; }
@media (max-width: 480px) {
  .mk-app { padding: 0 0.4rem 2rem; }
  .mk-compare th:nth-child(1), .mk-compare td:nth-child(1) { width: 45%; }
}
.mk-print-links { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: center; margin: 0.8rem 0 0.2rem; }
.mk-print-open { display: inline-block; padding: 0.55rem 1rem; border-radius: 4px; background: #0b5cad;
  color: #fff !important; font-weight: 600; text-decoration: none; min-height: 2.6rem; }
.mk-print-open[aria-disabled="true"] { background: #8aa9c9; pointer-events: none; }
.mk-print-open:focus-visible, .mk-print-download:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.mk-newer { margin: 0.4rem 0 0.8rem; }
/* participant: the one page (lobby, pause, list of exercises) */
.mk-lobby-box, .mk-pause-box { margin: 1.5rem 0; padding: 1rem 1.1rem; border-radius: 8px; border: 1px solid #d6d6d6; }
.mk-pause-box { background: #fff4d6; border-color: #a06a00; }
.mk-pause-label { text-transform: uppercase; letter-spacing: 0.08rem; font-weight: 700; color: #6b4700; margin: 0; }
.mk-choose-button { white-space: normal !important; text-align: left !important; height: auto !important;
  min-height: 2.8rem; padding: 0.45rem 0.9rem !important; font-weight: 600; line-height: 1.35 !important;
  background: #eef4fb; border: 1px solid #0b5cad; color: #0b5cad; border-radius: 6px; width: 100% !important;
  margin: 0 0 0.3rem !important; box-sizing: border-box; }
.mk-choose-list .mk-badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.85rem;
  font-weight: 600; white-space: nowrap; }
.mk-room-back { margin: 0.6rem 0 0 !important; }
/* console: agenda and projector */
.mk-agenda { border: 1px solid #d6d6d6; border-radius: 6px; padding: 0 0.8rem 0.6rem; margin: 0.6rem 0 1rem; }
.mk-now-presenting .mk-now-line { font-size: 1.2rem; margin: 0.3rem 0; }
.mk-paused-line { background: #fff4d6; border: 1px solid #a06a00; border-radius: 6px; padding: 0.3rem 0.6rem; }
.mk-pace-controls { gap: 0.4rem; align-items: center; }
.mk-pace-controls .widget-text { max-width: 22rem; margin: 0; }
.mk-agenda-rows { margin: 0.4rem 0; }
.mk-agenda-row { gap: 0.3rem; padding: 0.15rem 0.4rem; border-bottom: 1px solid #ececec; }
.mk-agenda-row.mk-current { background: #e3f4e8; border-left: 4px solid #2e7d47; }
.mk-agenda-position { min-width: 2.2rem; font-weight: 600; }
.mk-agenda-title { flex: 1 1 14rem; min-width: 10rem; }
.mk-agenda-row .widget-button { min-height: 2.2rem; padding: 0 0.7rem; }
.mk-instructions p { margin: 0.3rem 0 0.6rem; }
.mk-projector.mk-console { padding-right: 13rem; }
.mk-projector .mk-panel h2 { font-size: 2.8rem; }
.mk-projector .mk-agenda-status .widget-html-content { font-size: 1rem !important; }
.mk-projector .mk-count-line { font-size: 2rem; }
.mk-projector .mk-projector-pause .widget-html-content { font-size: 4rem !important; line-height: 1.2; }
.mk-pause-message { margin: 18vh 0 0; font-weight: 700; }
.mk-qr-corner { position: fixed; top: 0.6rem; right: 0.6rem; z-index: 10; background: #fff; padding: 0.4rem;
  border: 1px solid #d6d6d6; border-radius: 6px; flex-direction: column !important; max-width: 12rem; }
.mk-projector .mk-qr-corner .widget-html-content { font-size: 0.95rem !important; line-height: 1.25; }
.mk-corner-lead, .mk-corner-url { margin: 0.1rem 0; }
.mk-corner-url { word-break: break-all; }
.mk-corner-code { font-family: ui-monospace, monospace; font-size: 1.8rem; font-weight: 800;
  letter-spacing: 0.2rem; margin: 0.1rem 0; }
.mk-projector .mk-qr-corner .mk-corner-code { font-size: 1.8rem; }
</style>
"""


def stylesheet() -> widgets.HTML:
    """An HTML widget carrying the kit's stylesheet, each kind's rules included (``Kind.css``); put it
    first in every app. Sent once with the page: a view that brought its own style would make the
    browser restyle the whole page at every switch to it."""
    from kit import kinds  # the registry imports this module's callers' kinds, never this one

    rules = "".join(kind.css for kind in kinds.all() if kind.css)
    return widgets.HTML(CSS + (f"<style>{rules}</style>" if rules else ""), layout=widgets.Layout(height="0px", margin="0"))


def message(text: str, kind: str = "ok") -> str:
    """A status box around already-escaped ``text``; ``kind`` is ok, warn or error.

    Errors and confirmations are announced by screen readers (role=alert / role=status).
    """
    role = "alert" if kind == "error" else "status"
    return f'<div class="mk-status mk-{kind}" role="{role}">{text}</div>'


def paragraphs_html(text: str) -> str:
    """``text`` as escaped paragraphs, one per blank-line-separated block (content files write
    instructions and notes that way)."""
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
