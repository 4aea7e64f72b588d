"""Where a kernel's log lines and errors go: the server's log, never the visitor's page.

Inside a kernel ``sys.stderr`` is the page's output stream, and Python's last-resort handler writes
warnings there, tracebacks included. The kit's loggers write to the kernel process's real stderr
instead, which Voila's process (and so `serve`'s log file) receives. ipykernel also forwards what
the process writes to file descriptor 2 to the page (``capture_fd_output``, on except under pytest),
so :func:`log_to_server` first points that descriptor back at the server's stderr, of which ipykernel
keeps a copy.

A participant kernel goes further (:func:`quiet_errors`): Voila's ``show_tracebacks=False`` covers
only the cells it runs, and a traceback raised later reached the page with the server's paths in it
(an invalid widget value sent over the websocket: the comm layer logs the error with its traceback,
and Python's last-resort handler wrote it to the page). There the page is told only that something
went wrong; the details go to the server's log.
"""

from __future__ import annotations

import logging
import os
import re
import sys

_FORMAT = "mentorkit %(asctime)s %(levelname)s %(name)s: %(message)s"
#: All a participant's page is told when something fails in its kernel.
SHORT_ERROR = "Something went wrong on the server. The facilitator's server log has the details."
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _server_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._mentorkit = True  # type: ignore[attr-defined]
    return handler


def _reclaim_stderr_fd() -> bool:
    """In a kernel whose file descriptor 2 ipykernel forwards to the page: make it the server's stderr
    again (ipykernel's copy of it). Returns whether it did."""
    stream = sys.stderr
    original = getattr(stream, "_original_stdstream_copy", None)
    if not isinstance(original, int) or getattr(stream, "_mentorkit_reclaimed", False):
        return False
    try:
        stream.flush()
        sys.__stderr__.flush()
        os.dup2(original, 2)  # the pipe ipykernel reads for the page loses its only writer
    except (OSError, ValueError):
        return False
    stream._mentorkit_reclaimed = True
    return True


def log_to_server(level: int = logging.INFO) -> logging.Logger:
    """Send the ``kit`` loggers' records to the server's log (idempotent); returns that logger."""
    _reclaim_stderr_fd()
    logger = logging.getLogger("kit")
    if not any(getattr(handler, "_mentorkit", False) for handler in logger.handlers):
        logger.addHandler(_server_handler())
        logger.setLevel(level)
        # Records still propagate: with a handler here, Python's last-resort handler (which would write
        # to the page's stderr) is never used, and test or server log capture at the root still works.
    return logger


class ServerError(Exception):
    """What the page is told an error was (its name and :data:`SHORT_ERROR` only)."""


class _LastResort(logging.Handler):
    """Python's handler of last resort in a participant kernel: records of loggers nobody configured
    (the comm layer's, a library's) go to the server's log; an error with a traceback also tells the
    page, briefly, that something went wrong."""

    def __init__(self, notify) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter(_FORMAT))
        self._notify = notify

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.__stderr__.write(self.format(record) + "\n")
            sys.__stderr__.flush()
            if record.exc_info and record.levelno >= logging.ERROR:
                self._notify()
        except Exception:  # a log line must never break the kernel
            pass


def quiet_errors() -> bool:
    """In a kernel, from now on: tracebacks and anything written to stderr go to the server's log, and
    the page gets at most :data:`SHORT_ERROR`. Returns False outside a kernel (tests, scripts), where
    nothing is changed; idempotent."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    if getattr(shell, "_mentorkit_quiet", False):
        return True
    log_to_server()
    details = logging.getLogger("kit.kernel")
    show = shell._showtraceback  # ipykernel's: sends an ``error`` message to the page

    def notify() -> None:
        show(ServerError, ServerError(SHORT_ERROR), [SHORT_ERROR])

    def quiet_showtraceback(etype, evalue, stb) -> None:
        # A widget callback that raised, a failed display: IPython formatted the traceback for the page.
        text = _ANSI.sub("", "\n".join(stb) if isinstance(stb, list) else str(stb))
        details.error("Error in a participant kernel (its page was told only that something went wrong):\n%s",
                      text)
        notify()

    # ipykernel's documented override point for how a traceback is shown, set on this kernel's shell.
    shell._showtraceback = quiet_showtraceback
    logging.lastResort = _LastResort(notify)
    logging.captureWarnings(True)  # warnings, with their file paths, through logging as well
    sys.stderr = sys.__stderr__  # nothing written to stderr reaches the page (or the rendered cells)
    shell._mentorkit_quiet = True
    return True
