"""Bytes → text: the encodings thread files really come in, and the clean-up every tweet gets.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as they say; UTF-16
without a BOM is recognised by its zero bytes; anything else is handed to
charset-normalizer, limited to the encodings Russian, Ukrainian and Western text is
saved in. Binary files are refused."""

import html
import re
import unicodedata

from charset_normalizer import from_bytes

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Legacy encodings worth guessing between; names as charset-normalizer spells them.
LEGACY_ENCODINGS = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252", "iso8859_5", "latin_1"]
ENCODING_NAMES = {"cp1251": "Windows-1251", "koi8_r": "KOI8-R", "cp866": "CP866", "mac_cyrillic": "Mac Cyrillic",
                  "cp1252": "Windows-1252", "iso8859_5": "ISO-8859-5", "latin_1": "Latin-1"}

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Any character the steps of clean_text remove or replace: all are control or format characters,
# which str.isprintable() (fast) rules out for most tweets
TO_CLEAN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f\r]")


class Undecodable(ValueError):
    """The bytes are not text in any encoding we read."""


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text saved without a BOM has its zero bytes on one side only (the high
    bytes of ASCII characters); binary data has them anywhere."""
    sample = raw[:4096]
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    if even_zeros and odd_zeros or len(raw) % 2:
        return None
    # The high bytes of real text take few values (0x00 for Latin, 0x04 for Cyrillic, …).
    high = sample[1::2] if odd_zeros else sample[0::2]
    if len(set(high)) > 6 or high.count(0) < 0.05 * len(high):
        return None
    try:
        text = raw.decode("utf-16-le" if odd_zeros else "utf-16-be")
    except UnicodeDecodeError:
        return None
    readable = sum(c.isprintable() or c in "\t\n\r" for c in text[:2048])
    return text if readable >= 0.95 * min(len(text), 2048) else None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; raises Undecodable for binary data."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding.upper().replace("-SIG", "")
            except UnicodeDecodeError as exc:
                raise Undecodable(f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    if b"\x00" in raw[:4096]:
        text = _utf16_without_bom(raw)
        if text is not None:
            return text, "UTF-16"
        # A stray NUL in otherwise good text is noise (clean_text drops it); many mean binary.
        controls = sum(raw.count(b) for b in (*range(0, 9), *range(14, 32)))
        if raw.count(0) > len(raw) // 200 or controls > len(raw) // 100:
            raise Undecodable("binary file (contains NUL bytes), not a thread file")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise Undecodable("not text in UTF-8, UTF-16 or a Cyrillic or Western legacy encoding")
    return str(best), ENCODING_NAMES.get(best.encoding, best.encoding)


def clean_text(text: str) -> str:
    """One tweet's text as stored: HTML entities decoded, zero-width and control characters
    removed, line ends and Unicode forms made uniform."""
    text = html.unescape(text) if "&" in text else text
    if not text.isprintable() and TO_CLEAN.search(text):
        text = ZERO_WIDTH.sub("", text)
        text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text).strip()
