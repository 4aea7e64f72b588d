"""Trainers' cohort analysis: tidy answers, summaries, cohort comparisons, reports and exports.

Plain functions over pandas DataFrames, usable with or without the analysis notebook
(``notebooks/analysis/cohort_analysis.ipynb``); docs/ANALYSIS.md has a worked example. This package
imports pandas and matplotlib, so nothing a participant kernel imports (kit.content, kit.logic,
kit.store, kit.ui) may import it.
"""

from kit.analysis.export import export_answers, export_frame, read_export, write_export
from kit.analysis.pseudonyms import pseudonymize
from kit.analysis.report import Chart, build_report, comparison_chart, trend_chart, write_report
from kit.analysis.summaries import (
    BY_SESSION,
    summarizer,
    compare,
    compare_cohorts,
    overview,
    quiz_gains,
    summarize,
    trends,
)
from kit.analysis.suppress import suppress
from kit.analysis.tidy import (
    DATA_DICTIONARY,
    UnknownSessionError,
    data_dictionary,
    load_answers,
    load_sessions,
)

__all__ = [
    "BY_SESSION",
    "Chart",
    "DATA_DICTIONARY",
    "summarizer",
    "UnknownSessionError",
    "build_report",
    "compare",
    "compare_cohorts",
    "comparison_chart",
    "data_dictionary",
    "export_answers",
    "export_frame",
    "load_answers",
    "load_sessions",
    "overview",
    "pseudonymize",
    "quiz_gains",
    "read_export",
    "summarize",
    "suppress",
    "trend_chart",
    "trends",
    "write_export",
    "write_report",
]
