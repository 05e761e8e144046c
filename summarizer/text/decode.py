"""Bytes of one file → its text, decided per file: a byte order mark, else UTF-8, else the
`--encoding` fallback, else detection (charset-normalizer); text that reads as mojibake is refused.

`--encoding` is a fallback for files that are not valid UTF-8, never an override: a Latin-1 file
in a folder of UTF-8 articles must not turn its neighbours into mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF_BYTES = 8192
# UTF-8 read as cp1252 (or Latin-1): a lead byte shown as Â, Ã or â followed by what were
# continuation bytes ("Ã¼" for ü, "â€ž" for „). `_is_mojibake` confirms each candidate.
_MOJIBAKE = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")
# What a wrong guess of a legacy code page produces instead of letters: box drawing, block
# elements and C1 controls never stand in news prose.
_IMPLAUSIBLE = re.compile(r"[\u2500-\u259f\u0080-\u009f]")
_FIX = "save the file as UTF-8"
# Where detection ties, in this order: Western European first, then Central and Eastern European.
_PREFERRED = ("cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "cp1251", "koi8_r", "iso8859_5")


class DecodeError(ValueError):
    """A file whose text cannot be read; the message says why and how to fix it."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    detected: bool = False  # the encoding was guessed by charset-normalizer, not declared or UTF-8


def decode_text(data: bytes, fallback: str | None = None) -> Decoded:
    """The text of `data`; raises DecodeError naming the fix (see the module docstring for the order)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(codec).lstrip("\ufeff"), codec.replace("-sig", "")))
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {codec.replace('-sig', '').upper()} byte order mark but is not valid "
                    f"{codec.replace('-sig', '')} (byte {exc.start}); {_FIX}"
                ) from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DecodeError("binary file, not text (a UTF-16 or UTF-32 text needs its byte order mark)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        bad = exc.start
    if fallback and _codec(fallback) != "utf-8":
        try:
            return _checked(Decoded(data.decode(fallback), fallback))
        except UnicodeDecodeError as exc:
            raise DecodeError(f"neither UTF-8 (byte {bad}) nor {fallback} (byte {exc.start}); {_FIX}") from None
    return _checked(_detect(data, bad))


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise DecodeError(f"unknown encoding {name!r} (--encoding); e.g. cp1252, latin-1, cp1251") from None


def _detect(data: bytes, bad: int) -> Decoded:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    hint = f"not valid UTF-8 (byte {bad}) and its encoding could not be recognised; give --encoding (e.g. cp1252 for Windows or Latin-1 text) or {_FIX}"
    if best is None:
        raise DecodeError(hint)
    # Code pages that read the bytes equally well tie (German Latin-1 text is as coherent in cp1250
    # as in cp1252, but ø becomes ř): the tie goes to the code page news text is most often in.
    tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    chosen = min(tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED))
    text = str(chosen)
    if _IMPLAUSIBLE.search(text):
        raise DecodeError(hint)
    encoding = chosen.encoding
    try:  # the same text in cp1252 (German letters are shared by several code pages): say cp1252
        if data.decode("cp1252") == text:
            encoding = "cp1252"
    except UnicodeDecodeError:
        pass
    return Decoded(text, encoding, detected=True)


def _is_mojibake(candidate: str) -> bool:
    """Whether `candidate` is the cp1252 reading of one UTF-8 encoded letter or punctuation mark."""
    try:
        original = candidate.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return len(original) == 1 and ("\u00a0" <= original <= "\u017f" or "\u2010" <= original <= "\u20ac")


def _checked(decoded: Decoded) -> Decoded:
    for match in _MOJIBAKE.finditer(decoded.text):
        if _is_mojibake(match.group()):
            shown, meant = match.group(), match.group().encode("cp1252").decode("utf-8")
            raise DecodeError(
                f"looks like mojibake: {shown!r} stands where {meant!r} was meant (UTF-8 text decoded as cp1252 "
                f"or Latin-1 and saved again); save the original text as UTF-8"
            )
    return decoded
