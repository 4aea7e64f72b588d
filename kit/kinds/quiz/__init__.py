"""``quiz``: a statement with a correct option, how sure the person is, and an explanation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kit.content.model import Exercise, Item
from kit.errors import InputError
from kit.kinds.base import Kind, register
from kit.kinds.choice import option_label_html


@register
class Quiz(Kind):
    """Scored statement by statement; the room's misconceptions first; can be run again after the talk."""

    type = "quiz"
    schema = "#/$defs/item_quiz"
    closed = True
    uses_scale = True
    own_page = True
    scored = True
    own_report = True  # its report section stands instead of the charts and table
    css = """
.mk-quiz-item { width: 100%; margin: 0.9rem 0 0.3rem; padding: 0.6rem 0.7rem; border: 1px solid #d6d6d6;
  border-radius: 6px; }
.mk-quiz-item .mk-choice { border: none; padding: 0; margin: 0.2rem 0; }
.mk-quiz-item .mk-quiz-confidence > .widget-label { font-weight: 400; }
.mk-quiz-item.mk-quiz-right { border-color: #2e7d47; }
.mk-quiz-item.mk-quiz-right .mk-quiz-check, .mk-quiz-item.mk-quiz-wrong .mk-quiz-check { display: none; }
.mk-quiz-item.mk-quiz-wrong { border-color: #a06a00; }
.mk-quiz-feedback p { margin: 0.3rem 0; }
.mk-quiz-summary table { border-collapse: collapse; width: 100%; }
.mk-quiz-summary th, .mk-quiz-summary td { border-bottom: 1px solid #ccc; padding: 0.4rem 0.3rem; text-align: left;
  vertical-align: top; }
"""
    parts = {
        # The quiz has a page of its own (answer, confidence, explanation, score, second run).
        "form": "kit.kinds.quiz.view:QuizView",
        "section": "kit.kinds.quiz.console:QuizSection",
        "summary": "kit.kinds.quiz.tables:summarize_quiz",
        "demo": "kit.kinds.quiz.tables:demo_quiz",
        "report": "kit.kinds.quiz.report:report_quiz",
    }

    def clean(self, exercise: Exercise, item: Item, value: Any) -> Any:
        """A quiz answer is ``{"answer": <option of the item's scale>, "confidence": <option of the
        exercise's confidence scale>}``; ``confidence`` is left out when the exercise asks none."""
        if not isinstance(value, Mapping):
            raise InputError(f"The answer to '{item.text}' is not in the expected form. Reload the page.")
        unknown = sorted(set(value) - {"answer", "confidence"})
        if unknown:
            raise InputError(f"The answer to '{item.text}' is not in the expected form. Reload the page.")
        answer, confidence = value.get("answer"), value.get("confidence")
        if item.scale is None or answer not in item.scale.values():
            raise InputError(f"Choose one of the answers for: {item.text}")
        cleaned = {"answer": answer}
        scale = exercise.confidence_scale
        if scale is not None:
            if confidence not in scale.values():
                raise InputError(f"Say how sure you are about: {item.text}")
            cleaned["confidence"] = confidence
        elif confidence is not None:
            raise InputError(f"This quiz does not ask how sure you are ('{item.text}'). Reload the page.")
        return cleaned

    def print_html(self, item: Item, value: Any) -> str:
        return option_label_html(item, value)

    def item_problems(self, item: Mapping, values: list[str]) -> list[tuple[list, str]]:
        """The right answer must be an option of the item's scale."""
        answer = item.get("answer")
        if isinstance(answer, str) and values and answer not in values:
            return [(["answer"], f"{answer!r} is not an option of scale {item.get('scale')!r} "
                                 f"(options: {', '.join(values)})")]
        return []
