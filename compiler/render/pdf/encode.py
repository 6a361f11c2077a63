"""Text-showing operators for a TrueType font's subsets, made with translate tables.

reportlab embeds a TrueType font as subsets of 256 glyphs and shows a line as runs of one subset
each. Its text object finds the runs with a Python loop over every character of every line,
which was a third of a digest's time. Here each character is given its code once per document,
by the font itself (`splitString`, so the embedded subsets are reportlab's own), and a line is
then encoded by `str.translate` and split into runs by a regular expression.
"""
from __future__ import annotations

import re
from collections import Counter
from weakref import WeakKeyDictionary, ref

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont

# Every subset has a space at code 32, so a space never needs a change of subset: its mark is
# no subset's, and runs take in the spaces around them. Over a line's subset marks, one match
# per run (a line of spaces only is one run too).
_SPACE = "\uffff"
_RUN = re.compile(f"{_SPACE}*([^{_SPACE}])(?:\\1|{_SPACE})*|{_SPACE}+")


class SubsetEncoder:
    """One TrueType font in one document."""

    def __init__(self, font_name: str, doc) -> None:
        self.font = getFont(font_name)
        # Weak: _ENCODERS holds the encoder as long as the document lives, and a strong
        # reference back would keep every document of the process alive.
        self._doc = ref(doc)
        self.known: set[str] = set()  # the keys of hex_of as text: a line checks in one call
        self.hex_of: dict[int, str] = {}  # character -> its code in its subset, in hex
        self.subset_of: dict[int, str] = {}  # character -> its subset's number, as a character
        self.font_ops: dict[tuple[str, float], str] = {}  # (subset, size) -> "/F1+0 10.5 Tf"

    def prime(self, text: str) -> None:
        """Give the characters of `text` their codes, the most frequent first.

        The commonest characters then share the first subset, and a line changes subsets about
        half as often as when codes go by first appearance: each change is a font operator in
        the page and a run to encode here.
        """
        self._learn("".join(c for c, _ in Counter(text).most_common()))

    def _learn(self, text: str) -> None:
        # In order (of frequency, or of first appearance): the bytes stay the same from run to
        # run, as a set's order would not (it changes with the hash seed).
        new = "".join(c for c in dict.fromkeys(text) if c not in self.known)
        chars = iter(new)
        for subset, codes in self.font.splitString(new, self._doc()):
            for code in codes:
                c = ord(next(chars))
                self.hex_of[c] = f"{code:02x}"
                self.subset_of[c] = _SPACE if code == 32 else chr(subset)
        self.known.update(new)

    def show(self, line: str, size: float, current: str | None = None) -> tuple[str, str | None]:
        """The operators that show `line` at `size` from the text position, and the subset left
        selected; `current` is the subset already selected (at that size) in the text object."""
        if not self.known.issuperset(line):
            self._learn(line)
        codes = line.translate(self.hex_of)
        ops = []
        for run in _RUN.finditer(line.translate(self.subset_of)):
            subset = run.group(1) or current or "\x00"
            if subset != current:
                op = self.font_ops.get((subset, size))
                if op is None:
                    name = self.font.getSubsetInternalName(ord(subset), self._doc())
                    op = self.font_ops[(subset, size)] = f"{name} {fp_str(size)} Tf"
                ops.append(op)
                current = subset
            start, end = run.span()
            ops.append(f"<{codes[2 * start:2 * end]}> Tj")
        return " ".join(ops), current

    def text_object(self, lines: list[tuple[float, float, str]], size: float) -> str:
        """A text object (BT … ET) showing each line at its (x, y), at `size`."""
        ops = ["BT"]
        current = None
        for x, y, line in lines:
            ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
            shown, current = self.show(line, size, current)
            ops.append(shown)
        ops.append("ET")
        return " ".join(ops)


_ENCODERS: WeakKeyDictionary = WeakKeyDictionary()  # document -> {font name: encoder}


def encoder(doc, font_name: str) -> SubsetEncoder:
    """The document's encoder for this font (it dies with the document)."""
    per_doc = _ENCODERS.get(doc)
    if per_doc is None:
        per_doc = _ENCODERS[doc] = {}
    found = per_doc.get(font_name)
    if found is None:
        found = per_doc[font_name] = SubsetEncoder(font_name, doc)
    return found
