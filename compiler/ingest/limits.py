"""Size limits for input files, in one place so the CLI and the tests agree on them."""
from __future__ import annotations

MB = 1024 * 1024

# Largest file read, by reader: plain text is never this big in practice, so a bigger file is a
# mistake (a log, a dump) and reading it would only waste memory.
TEXT_MAX_BYTES = 20 * MB
HTML_MAX_BYTES = 20 * MB
DOCX_MAX_BYTES = 50 * MB
PDF_MAX_BYTES = 50 * MB

# A .docx is a zip: the sum of the uncompressed sizes in its directory is checked before any
# part is inflated (zip bombs), and so is the number of members.
DOCX_MAX_UNPACKED_BYTES = 200 * MB
DOCX_MAX_MEMBERS = 5000


def describe(size: int) -> str:
    """A size for a Chinese message: 20 MB, 512 KB."""
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, size // 1024)} KB"
