"""How the record stores the input and decision texts: compressed, by a codec each entry names.

New entries are packed with LZ4 (its frame format, which the `lz4` command line tool also reads): a 35 KB
decision packs in well under half of zlib's time (level 1), to 6.9 KiB instead of 5.8 KiB
(benchmarks/record_bench.py).
Entries written before schema version 3 are zlib and stay readable: nothing ever rewrites an entry."""
from __future__ import annotations

import zlib
from collections.abc import Callable

import lz4.frame

WRITE_CODEC = "lz4"        # the codec of every entry written now
OLD_CODEC = "zlib"         # the codec of entries written before it was named (schema version 2)


def _lz4(data: bytes) -> bytes:
    # no frame checksum: the entry keeps the sha256 of the text, which verify checks
    return lz4.frame.compress(data, content_checksum=False)


CODECS: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    "lz4": (_lz4, lz4.frame.decompress),
    "zlib": (lambda data: zlib.compress(data, 1), zlib.decompress),
}


class Unpackable(ValueError):
    """A stored text that does not unpack: its codec is unknown (a changed entry, or a newer program's), or the
    bytes are not what that codec wrote."""


def pack(data: bytes, codec: str = WRITE_CODEC) -> bytes:
    return CODECS[codec][0](data)


def unpack_bytes(blob: bytes, codec: str) -> bytes:
    if codec not in CODECS:
        raise Unpackable(f"unknown codec {codec!r}")
    try:
        return CODECS[codec][1](blob)
    except (RuntimeError, zlib.error, TypeError) as exc:     # lz4 says a broken frame by RuntimeError
        raise Unpackable(f"not {codec} data: {exc}") from None


def unpack(blob: bytes, codec: str) -> str:
    return unpack_bytes(blob, codec).decode("utf-8", "surrogatepass")


def as_bytes(text: str | bytes) -> bytes:
    """The UTF-8 bytes of a text, encoded once (a decision serialised to bytes is taken as it is)."""
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")


__all__ = ["CODECS", "OLD_CODEC", "WRITE_CODEC", "Unpackable", "as_bytes", "pack", "unpack", "unpack_bytes"]
