"""Size limits for input files, in one place so the CLI and the tests agree on them."""
from __future__ import annotations

MB = 1024 * 1024

# Largest file read, by reader: plain text is never this big in practice, so a bigger file is a
# mistake (a log, a dump) and reading it would only waste memory.
TEXT_MAX_BYTES = 20 * MB
HTML_MAX_BYTES = 20 * MB
DOCX_MAX_BYTES = 50 * MB
PDF_MAX_BYTES = 50 * MB
IMAGE_MAX_BYTES = 50 * MB

# A .docx is a zip: the sum of the uncompressed sizes in its directory is checked before any
# part is inflated (zip bombs), and so is the number of members.
DOCX_MAX_UNPACKED_BYTES = 200 * MB
DOCX_MAX_MEMBERS = 5000
# ... and the bytes actually inflated are counted as they come (guard.zips), the XML parts
# (the only ones read, parsed into trees several times their size) against a lower cap.
DOCX_MAX_XML_BYTES = 40 * MB

# YAML written by people (a manifest, a schemas file, the gazetteer of a whole country) and the
# TOML configuration: far below these; a bigger one is not what it claims to be.
MANIFEST_MAX_BYTES = 5 * MB
YAML_MAX_BYTES = 20 * MB
CONFIG_MAX_BYTES = 1 * MB

_BY_SUFFIX = {".txt": TEXT_MAX_BYTES, ".md": TEXT_MAX_BYTES, ".html": HTML_MAX_BYTES,
              ".htm": HTML_MAX_BYTES, ".docx": DOCX_MAX_BYTES, ".pdf": PDF_MAX_BYTES}


def max_bytes_for(suffix: str) -> int:
    """The largest input read for a suffix (without importing its reader): the cache key's
    read of a file obeys the same limit as the reader's."""
    return _BY_SUFFIX.get(suffix.lower(), max(_BY_SUFFIX.values()))
