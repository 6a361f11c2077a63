"""Defences for untrusted input: files, folders, archives, YAML, names shown to the user."""
