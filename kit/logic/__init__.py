"""Pure functions over exercises and answers: no widgets, no I/O, no pandas.

Everything here is imported by participant kernels, so it stays light.
"""
