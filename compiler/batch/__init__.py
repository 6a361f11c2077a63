"""Batch runs: parse and build many files with a process pool, caches and progress."""
