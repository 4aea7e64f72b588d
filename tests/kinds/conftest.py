"""Widget tests of the kinds' forms and sections run like tests/ui's: drafts saved at once."""

from tests.ui.conftest import at_once, room, ui_store  # noqa: F401  (the same fixtures)
