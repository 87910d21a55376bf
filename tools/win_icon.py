"""The Windows launcher's icon: 「年」 in white on red, drawn with the bundled 黑体 at build time.

distlib's launcher carries Python's icon as 16, 32 and 48 pixel images, each also at 32 bits per
pixel. Ours is written into those 32-bit slots (an uncompressed image of the same size fills the
slot exactly), and the icon group is pointed at them alone; no other byte of the file moves.
"""

from __future__ import annotations

import struct

import pefile
from bundle_deps import ROOT
from PIL import Image, ImageDraw, ImageFont

FONT = ROOT / "resources" / "fonts" / "NianbaoSans-Regular.ttf"
RED, WHITE = (200, 16, 46, 255), (255, 255, 255, 255)
RT_ICON, RT_GROUP_ICON = 3, 14


def with_icon(exe: bytes) -> bytes:
    """The launcher `exe` with our icon in place of Python's."""
    pe = pefile.PE(data=exe)
    data = bytearray(exe)
    slots = []  # (icon id, size) of each 32-bit image
    for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries:
        if kind.id != RT_ICON:
            continue
        for icon in kind.directory.entries:
            entry = icon.directory.entries[0].data.struct
            offset = pe.get_offset_from_rva(entry.OffsetToData)
            width, height2, _planes, bits = struct.unpack_from("<iiHH", data, offset + 4)
            if bits == 32 and height2 == 2 * width:
                image = _dib(width)
                assert len(image) == entry.Size, "the launcher's icon slots changed"
                data[offset : offset + len(image)] = image
                slots.append((icon.id, width, len(image)))
    group = next(k for k in pe.DIRECTORY_ENTRY_RESOURCE.entries if k.id == RT_GROUP_ICON)
    entry = group.directory.entries[0].directory.entries[0].data.struct
    offset = pe.get_offset_from_rva(entry.OffsetToData)
    directory = struct.pack("<HHH", 0, 1, len(slots))
    for icon_id, width, size in slots:
        directory += struct.pack("<BBBBHHIH", width % 256, width % 256, 0, 0, 1, 32, size, icon_id)
    assert len(directory) <= entry.Size
    data[offset : offset + len(directory)] = directory
    return bytes(data)


def _dib(size: int) -> bytes:
    """An icon image as Windows stores it: BITMAPINFOHEADER, BGRA rows bottom-up, AND mask."""
    image = draw(size)
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM).tobytes("raw", "BGRA")
    mask_row = ((size + 31) // 32) * 4  # the alpha channel decides; the mask stays clear
    return header + pixels + bytes(mask_row * size)


def draw(size: int) -> Image.Image:
    """「年」 on a red rounded square, `size` pixels wide."""
    scale = 8  # drawn large, then reduced: smooth edges at 16 pixels too
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=RED)
    font = ImageFont.truetype(str(FONT), int(big * 0.78))
    pen.text((big / 2, big / 2), "年", font=font, fill=WHITE, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)
