"""The trainer's side of a pair talk (numpy via the demo generator): demo takeaways. The summary is
the text kind's (how many noted a takeaway, how many shared it; never the texts)."""

from __future__ import annotations

from typing import Any

from kit.content.model import Exercise, Item

#: Takeaways demo participants note.
DEMO_TAKEAWAYS = ("Ask one more open question before giving advice.", "Summarise before moving on.",
                  "I talk more than I listen.", "Restating caught a misunderstanding early.",
                  "Silence gave my partner room to think.", "My next step is clearer than I expected.",
                  "Tie every question to a goal.")


def demo_takeaway(item: Item, exercise: Exercise, cohort: Any, run: int) -> Any:
    """One demo participant's takeaway: always for an exercise's first talk (everyone notes one),
    now and then for the other themes of the same exercise."""
    rng = cohort.rng
    first = next(i for i in exercise.items if i.type == item.type)
    if item.id != first.id and rng.random() < 0.7:
        return None
    return DEMO_TAKEAWAYS[int(rng.integers(len(DEMO_TAKEAWAYS)))][: item.max_length].strip()
