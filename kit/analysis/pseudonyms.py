"""Pseudonyms for exports: each participant key becomes a random label, new for every export.

Within one export the same key always gets the same pseudonym, so a trainer can follow one person
across exercises and revisions; two exports give the same person different pseudonyms, so exports
cannot be joined on them. Pseudonyms are drawn at random (not derived from the key), so nothing
about the key can be recovered from them.
"""

from __future__ import annotations

import secrets

import numpy as np
import pandas as pd

#: Pseudonyms look like ``p-3f9a0c1e``: "p-" and 8 hexadecimal digits.
PREFIX = "p-"
_SPACE = 16 ** 8


def pseudonymize(keys: pd.Series, *, seed: int | None = None) -> pd.Series:
    """``keys`` with every key replaced by its pseudonym (a new mapping per call; missing stays missing).

    ``seed`` makes the mapping reproducible (for tests); by default every call draws from the
    operating system's randomness, so every export is different.

    >>> import pandas as pd
    >>> names = pseudonymize(pd.Series(["k1", "k2", "k1"]))
    >>> names[0] == names[2] != names[1]
    True
    """
    codes, unique = pd.factorize(pd.Series(keys, dtype="string"), use_na_sentinel=True)
    rng = np.random.default_rng(secrets.randbits(128) if seed is None else seed)
    numbers = rng.choice(_SPACE, size=len(unique), replace=False)
    labels = pd.Series(PREFIX + pd.Series(numbers).map("{:08x}".format), dtype="string").to_numpy()
    result = pd.Series(pd.NA, index=keys.index, dtype="string")
    present = codes >= 0
    result[present] = labels[codes[present]]
    return result
