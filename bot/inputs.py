"""Input hygiene, in one place for every entry point (ask, calc, search, clause, compare, chat, batch files, the
Telegram bot): whatever a user types or a file holds becomes safe, bounded, normalized text before anything
expensive runs, and nothing a user typed is echoed back with terminal control sequences in it.

- length: cut to MAX_CHARS characters (a raw prefix is taken first, so cleaning itself stays cheap);
- Unicode repair: lone surrogates (invalid UTF-8 in command-line arguments arrives as U+DC80–U+DCFF) become
  U+FFFD, the BOM and other invisible format characters are removed, line and paragraph separators (U+2028,
  U+2029, NEL, CR, VT, FF) become newlines — or spaces in one-line text;
- terminal escape sequences (CSI, OSC, …) and every other control character are removed;
- NFC normalization.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 500  # the longest question any entry point accepts (longer ones are cut)
_RAW_MARGIN = 4  # how much raw text is looked at before cleaning, as a multiple of the limit

_SURROGATE = re.compile("[\ud800-\udfff]")
# ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/APC/PM/SOS strings (ended by BEL or ESC \), two-byte escapes;
# and their 8-bit C1 forms (CSI = U+009B, OSC = U+009D …).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_KEEP_FORMAT = {"\u200c", "\u200d"}  # ZWNJ / ZWJ: part of emoji and some scripts, harmless


def repair(text: str) -> str:
    """Lone surrogates → U+FFFD; nothing else changes (so the text can be encoded as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _strip_controls(text: str, multiline: bool) -> str:
    text = _ESCAPES.sub("", text)
    text = _LINE_BREAKS.sub("\n" if multiline else " ", text)
    out = []
    for ch in text:
        if ch == "\n" or ch == "\t":
            out.append(ch if multiline else " ")
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc" or (cat == "Cf" and ch not in _KEEP_FORMAT):
            continue  # control characters, BOM, bidi overrides, zero-width spaces
        out.append(ch)
    return "".join(out)


def clean(text: str, limit: int | None = MAX_CHARS, multiline: bool = False) -> str:
    """User text made safe: bounded, repaired, without control or escape characters, NFC, spaces collapsed.

    One-line text (the default) turns every line break into a space; `limit=None` keeps any length."""
    if limit is not None:
        text = text[: limit * _RAW_MARGIN]
    text = unicodedata.normalize("NFC", _strip_controls(repair(text), multiline))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).strip() if multiline else lines[0]
    return text[:limit] if limit is not None else text


def was_cut(raw: str, limit: int = MAX_CHARS) -> bool:
    """True when `clean(raw, limit)` had to shorten the text (for a note to the user)."""
    return len(clean(raw, None)) > limit if len(raw) > limit else False


def printable(text: object) -> str:
    """Any value as text safe to echo on a terminal or in a message: repaired, no control or escape characters.
    For file names and other values that are shown but not otherwise changed."""
    return _strip_controls(repair(str(text)), multiline=False)
