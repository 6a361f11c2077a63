"""Names shown to a user (terminal, report): control and bidi characters made visible."""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text
# (U+202E makes "gpj.exe" look like "exe.jpg"; a newline in a file name forges a new line).
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                     "\ufff9-\ufffb]")
# The same without the newline: for whole messages, whose own lines are meant.
_HIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                             "\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(name: object) -> str:
    """A file name (or any one-line value) as it can be printed: no character in it can start a
    new line, move the cursor or reverse the text that follows."""
    return _HIDDEN.sub(_escape, str(name))


def shown_text(text: str) -> str:
    """A message of several lines: its line breaks kept, every other hidden character shown."""
    return _HIDDEN_IN_TEXT.sub(_escape, text)
