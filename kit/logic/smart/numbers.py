"""Number words in a goal read as digits: "three papers", "twenty-five", "a dozen", "half a day"; the
idioms where "one" is not a count ("one day", "one-to-one") stay words.

``number-parser`` was not used: it turns ordinals into counts ("first author" becomes "1 author"),
which would make weak goals look measurable; the number words a goal uses fit in the table below.
"""

from __future__ import annotations

import re

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*\b")
# "one" that is not a count: "one day I will", "one of", "no one", "one-to-one", "one another".
_NOT_A_COUNT = re.compile(r"\bone(?=[\s-]+(?:day\b(?![\s-]+(?:a|per|each|every)\b)|of\b|another\b|on[\s-]+one|to[\s-]+one"
                          r"|thing\b))|(?<=\bno )one\b|(?<=[-\s]to-)one\b|(?<=\bon-)one\b")
_APPROX = [(re.compile(r"\b(?:a|one)\s+dozen\b"), "12"), (re.compile(r"\bhalf\s+a\s+dozen\b"), "6"),
           (re.compile(r"\ba\s+couple\s+of\b"), "2"), (re.compile(r"\ba\s+few\b"), "3"),
           (re.compile(r"\bhalf\s+an?\s+(hour|day|year)\b"), r"0.5 \1")]


def _number_value(words: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
    return total + current


def _digits_for_words(text: str) -> str:
    """``"three papers and twenty-five notes"`` -> ``"3 papers and 25 notes"``; idioms with "one" stay."""
    text = _NOT_A_COUNT.sub("uno", text)  # hide idiomatic "one" from the number reader
    for pattern, replacement in _APPROX:
        text = pattern.sub(replacement, text)
    text = _NUMBER_RUN.sub(lambda m: str(_number_value(m.group(0))), text)
    return text.replace("uno", "one")
