"""Benchmarks: each hot path timed against the raw work it wraps (DESIGN.md section 7).

``python -m benchmarks`` prints one JSON line per row to stdout. A row is a function registered
with :func:`benchmarks.core.benchmark` in a ``bench_*.py`` module of this package; adding a row
is adding such a module (or a function to one), nothing else.
"""
