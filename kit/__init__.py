"""Mentor Workshop Kit: live exercises, a facilitator dashboard and cohort analysis on Jupyter.

Import direction (one way only): content -> logic -> store -> ui -> apps/cli.
"""

__version__ = "0.1.0"
