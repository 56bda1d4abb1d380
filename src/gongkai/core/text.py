"""Text shown to people: bidi control characters neutralised.

The embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder the text
around them: "invoice\u202efdp.exe" shows as "invoiceexe.pdf". Nothing the platform shows needs them
(Chinese and the other scripts a disclosure platform shows lay out correctly by themselves), so
where text is shown (every HTML page and the Atom feed, core.middleware.SecurityHeadersMiddleware;
every spreadsheet, core.spreadsheet) each is replaced by U+FFFD, visibly: the reader sees that
something was there, and the order of the rest is the order it was typed in.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
REPLACEMENT = "\ufffd"
_TABLE = str.maketrans(dict.fromkeys(BIDI_CONTROLS, REPLACEMENT))
# the same characters, UTF-8 encoded: E2 80 AA–AE and E2 81 A6–A9
BIDI_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def neutralise_bidi(text: str) -> str:
    return text.translate(_TABLE)


def neutralise_bidi_utf8(data: bytes) -> bytes:
    """The same on UTF-8 bytes (a rendered page), untouched when there is nothing to do."""
    return BIDI_UTF8.sub(REPLACEMENT.encode(), data)
