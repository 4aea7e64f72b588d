"""Errors whose message is written for the person who caused them.

Every error a participant or facilitator can trigger is an :class:`InputError`; its ``str()`` is
safe to show in the app as it is (plain text, no HTML, no stack trace).
"""


class InputError(ValueError):
    """Input was rejected; nothing was stored. ``str(error)`` is the message to show."""
