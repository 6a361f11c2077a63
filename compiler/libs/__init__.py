"""Adapters holding every use of a library's private internals, each tied to one pinned version.

Nothing else in the package reaches inside a library: when a pinned library is upgraded,
tests/test_libs.py fails here first, naming what changed.
"""
