"""User-facing errors: the message is Chinese and names the file; never shown as a traceback."""
from __future__ import annotations


class UserError(Exception):
    def __init__(self, message: str, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return self.message


class IngestError(UserError):
    """An input file that cannot be read."""


class ManifestError(UserError):
    """A manifest.yaml that is not valid (every problem listed, each with file and key)."""
