"""Where a kernel's log lines go: the server's log, never the visitor's page.

Inside a kernel ``sys.stderr`` is the page's output stream, and Python's last-resort handler writes
warnings there, tracebacks included. The kit's loggers write to the kernel process's real stderr
instead, which Voila's process (and so `serve`'s log file) receives.
"""

from __future__ import annotations

import logging
import sys

_FORMAT = "mentorkit %(asctime)s %(levelname)s %(name)s: %(message)s"


def log_to_server(level: int = logging.INFO) -> logging.Logger:
    """Send the ``kit`` loggers' records to the server's log (idempotent); returns that logger."""
    logger = logging.getLogger("kit")
    if not any(getattr(handler, "_mentorkit", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._mentorkit = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(level)
        # Records still propagate: with a handler here, Python's last-resort handler (which would write
        # to the page's stderr) is never used, and test or server log capture at the root still works.
    return logger
