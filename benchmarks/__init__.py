"""`make bench`: speed and memory of the kit, each figure as a ratio to a baseline measured in the
same run (these machines are noisy). Nothing here is a test; tests/test_benchmarks.py only checks
that every benchmark still runs (``--smoke``)."""
