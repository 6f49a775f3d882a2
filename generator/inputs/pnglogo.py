"""A PNG logo read whole: its chunks, their checksums, its header and the amount of pixel data.

Only the signature and the header used to be looked at, so a file that was a PNG's first
bytes and then anything (HTML, or nothing) passed, and was drawn blank or half. The pixels
are not decoded with Pillow: WeasyPrint, once imported, tells Pillow to accept cut-short
images for the whole process, so Pillow would pass exactly the files refused here.
"""

from __future__ import annotations

import struct
import zlib

LOGO_PIXELS = (16, 4000)  # smallest and largest side a PNG logo may have
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOT_PNG = "the file is not a PNG image, though it is named .png"
_CHUNK = struct.Struct(">I4s")  # a PNG chunk's length and type; its data and a CRC-32 follow
_HEADER = struct.Struct(">IIBBBBB")  # IHDR: width, height, bit depth, colour type, compression, filter, interlace
# The PNG standard's colour types: samples per pixel, and the bit depths each allows.
_COLOUR_TYPES = {0: (1, (1, 2, 4, 8, 16)), 2: (3, (8, 16)), 3: (1, (1, 2, 4, 8)), 4: (2, (8, 16)), 6: (4, (8, 16))}
# Adam7 interlacing: each pass's first column and row, and its steps across and down.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_INFLATE_STEP = 1 << 16  # pixel data is inflated this many bytes at a time, so a bomb never sits in memory


def png_problem(data: bytes) -> str | None:
    """What is wrong with a PNG file's bytes, if anything: its chunks, its header, its size, then its pixels."""
    if not data.startswith(PNG_SIGNATURE):
        return NOT_PNG
    chunks = _chunks(data)
    if isinstance(chunks, str):
        return chunks
    if chunks[0][0] != b"IHDR" or len(chunks[0][1]) != _HEADER.size:
        return f"{NOT_PNG} (it does not start with its header, IHDR)"
    width, height, depth, colour, compression, filtering, interlace = _HEADER.unpack(chunks[0][1])
    samples, depths = _COLOUR_TYPES.get(colour, (0, ()))
    if depth not in depths or compression or filtering or interlace not in (0, 1):
        return f"the PNG's header is not one the PNG standard allows (colour type {colour}, bit depth {depth})"
    low, high = LOGO_PIXELS
    if not (low <= width <= high and low <= height <= high):
        return f"the logo is {width}x{height} pixels; each side must be {low} to {high}"
    pixels = b"".join(body for kind, body in chunks if kind == b"IDAT")
    if not pixels:
        return "the PNG holds no image data (no IDAT chunk)"
    if colour == 3 and not any(kind == b"PLTE" for kind, _ in chunks):
        return "the PNG has palette colours but no palette (PLTE chunk)"
    return _pixels_problem(pixels, _image_bytes(width, height, samples * depth, interlace))


def _chunks(data: bytes) -> list[tuple[bytes, bytes]] | str:
    """Each chunk's type and data, up to IEND, or the sentence saying how the file is broken."""
    chunks, at = [], len(PNG_SIGNATURE)
    while True:
        if at + _CHUNK.size > len(data):
            return "the PNG is cut short: it ends before its last chunk, IEND"
        length, kind = _CHUNK.unpack_from(data, at)
        if not kind.isalpha():
            return f"{NOT_PNG} (byte {at:,} starts no PNG chunk)"
        start, end = at + _CHUNK.size, at + _CHUNK.size + length
        if end + 4 > len(data):
            return f"the PNG is cut short: its {kind.decode()} chunk needs more bytes than the file has"
        body = data[start:end]
        if zlib.crc32(kind + body) != struct.unpack_from(">I", data, end)[0]:
            return f"the PNG is damaged: its {kind.decode()} chunk at byte {at:,} fails its checksum"
        chunks.append((kind, body))
        at = end + 4
        if kind == b"IEND":
            break
    if at != len(data):
        return f"the PNG has {len(data) - at:,} bytes after its end (IEND); a logo is one image and nothing else"
    return chunks


def _image_bytes(width: int, height: int, bits: int, interlace: int) -> int:
    """How many bytes the inflated pixel data must hold: each row is a filter byte and its pixels' bits."""
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    total = 0
    for column, row, across, down in passes:
        columns, rows = -(-(width - column) // across), -(-(height - row) // down)
        if columns > 0 and rows > 0:
            total += rows * (1 + -(-columns * bits // 8))
    return total


def _pixels_problem(compressed: bytes, expected: int) -> str | None:
    """Whether the IDAT data inflate to exactly ``expected`` bytes, counted without keeping them."""
    inflater = zlib.decompressobj()
    size, pending = 0, compressed
    try:
        while pending and size <= expected and not inflater.eof:
            size += len(inflater.decompress(pending, _INFLATE_STEP))
            pending = inflater.unconsumed_tail
        while size <= expected and not inflater.eof and (more := inflater.decompress(b"", _INFLATE_STEP)):
            size += len(more)
    except zlib.error as exc:
        return f"the PNG's pixel data are damaged ({exc})"
    if not inflater.eof or size != expected:
        said = "more" if size > expected else "fewer"
        return (f"the PNG's pixel data are cut short or damaged: its header needs {expected:,} bytes of them, "
                f"they hold {said}")
    return None
