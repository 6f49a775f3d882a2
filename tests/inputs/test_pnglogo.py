"""PNG logos: the pixel data a header asks for, interlaced or not, at every bit depth."""

from __future__ import annotations

import struct
import tracemalloc
import zlib

import pytest

from generator.inputs.pnglogo import png_problem


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


Kind = tuple[int, int, int, int, int]  # width, height, bit depth, colour type, interlace


def png(kind: Kind, pixel_bytes: int) -> bytes:
    width, height, depth, colour, interlace = kind
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    palette = chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff") if colour == 3 else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + palette
            + chunk(b"IDAT", zlib.compress(b"\x00" * pixel_bytes)) + chunk(b"IEND", b""))


# Bytes worked out by hand: rows x (1 filter byte + the row's bits rounded up to bytes).
# Interlaced 16x16 RGBA, Adam7's passes are 2x2, 2x2, 4x2, 4x4, 8x4, 8x8 and 16x8 pixels:
# 2*9 + 2*9 + 2*17 + 4*17 + 4*33 + 8*33 + 8*65 = 1054.
@pytest.mark.parametrize(("kind", "size"), [
    ((20, 16, 8, 2, 0), 16 * (1 + 60)),
    ((20, 16, 16, 6, 0), 16 * (1 + 160)),
    ((20, 16, 1, 3, 0), 16 * (1 + 3)),
    ((20, 16, 4, 0, 0), 16 * (1 + 10)),
    ((16, 16, 8, 6, 1), 1054),
])
def test_pixel_data_of_the_size_the_header_asks_for_pass(kind, size):
    assert png_problem(png(kind, size)) is None
    assert "cut short or damaged" in (png_problem(png(kind, size - 1)) or "")
    assert "they hold more" in (png_problem(png(kind, size + 1)) or "")


def test_an_interlaced_image_is_not_taken_for_a_plain_one():
    assert "they hold fewer" in (png_problem(png((16, 16, 8, 6, 1), 16 * (1 + 64))) or "")


def test_a_pixel_bomb_is_counted_not_kept():
    # 200 MB of pixel data in well under a megabyte of file: the check must never hold them all.
    squeeze = zlib.compressobj(9)
    pixels = b"".join(squeeze.compress(b"\x00" * 2**20) for _ in range(200)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", 4000, 4000, 16, 6, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        found = png_problem(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "they hold more" in (found or "")
    assert peak < 8 * 2**20
