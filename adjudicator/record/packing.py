"""How the record stores the input and decision texts: compressed, by a codec each entry names.

New entries are packed with LZ4 (its frame format, which the `lz4` command line tool also reads): a 35 KB
decision packs in well under half of zlib's time (level 1), to 6.9 KiB instead of 5.8 KiB
(benchmarks/record_bench.py).
Entries written before schema version 3 are zlib and stay readable: nothing ever rewrites an entry."""
from __future__ import annotations

import zlib
from collections.abc import Callable

import lz4.frame

from ..core.reading import MAX_INPUT_BYTES

WRITE_CODEC = "lz4"        # the codec of every entry written now
OLD_CODEC = "zlib"         # the codec of entries written before it was named (schema version 2)
# The most a stored text unpacks to: an input at the input limit, or a decision, which repeats and explains its
# input. A changed entry that claims more is refused before the memory is taken.
MAX_UNPACKED_BYTES = 4 * MAX_INPUT_BYTES


class Unpackable(ValueError):
    """A stored text that does not unpack: its codec is unknown (a changed entry, or a newer program's), or the
    bytes are not what that codec wrote."""


def _lz4(data: bytes) -> bytes:
    # no frame checksum: the entry keeps the sha256 of the text, which verify checks
    return lz4.frame.compress(data, content_checksum=False)


def _unlz4(blob: bytes) -> bytes:
    # a frame says its size (every one written here does, but for the empty text), and LZ4 holds it to that
    size = lz4.frame.get_frame_info(blob)["content_size"]
    if size > MAX_UNPACKED_BYTES:
        raise Unpackable(f"an LZ4 frame of {size} bytes, past {MAX_UNPACKED_BYTES}")
    if size:
        return lz4.frame.decompress(blob)
    unpacker = lz4.frame.LZ4FrameDecompressor()
    data = unpacker.decompress(blob, max_length=1)
    if data or not unpacker.eof:
        raise Unpackable("an LZ4 frame that does not say its size")
    return data


def _unzlib(blob: bytes) -> bytes:
    unpacker = zlib.decompressobj()
    data = unpacker.decompress(blob, MAX_UNPACKED_BYTES + 1)
    if len(data) > MAX_UNPACKED_BYTES or not unpacker.eof:
        raise Unpackable(f"a zlib text unpacking past {MAX_UNPACKED_BYTES} bytes, or cut short")
    return data


CODECS: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    "lz4": (_lz4, _unlz4),
    "zlib": (lambda data: zlib.compress(data, 1), _unzlib),
}


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
