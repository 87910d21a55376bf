"""The archival copy: the PDF made PDF/A-2b (ISO 19005-2, level B) with pypdf.

reportlab's output already meets PDF/A-2's font rules (every font an embedded TrueType subset
with a ToUnicode map); what it lacks is added here: XMP metadata matching the document
information (export/xmp.py), the PDF/A identification, and an sRGB output intent
(resources/icc/sRGB.icc, made by tools/make_srgb_profile.py). The empty page-transition
dictionary reportlab writes on every page is removed. Checked in tests/test_paper.py against the
rules that can be tested without a validator; not run through veraPDF (see README).
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from export.xmp import xmp_packet

SRGB = "sRGB IEC61966-2.1"
SRGB_PROFILE = Path(__file__).resolve().parent.parent / "resources" / "icc" / "sRGB.icc"


def make_pdfa(data: bytes) -> bytes:
    """The PDF `data` as PDF/A-2b."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # the version reportlab wrote, not pypdf's default
    for page in writer.pages:
        transition = page.get("/Trans")
        if transition is not None and not transition.get_object().keys():
            del page[NameObject("/Trans")]
    # /Trapped is optional, and the XMP written here has no entry for it
    info = {key: str(value) for key, value in (writer.metadata or {}).items() if key != "/Trapped"}
    writer.metadata = info
    root = writer.root_object
    root[NameObject("/Metadata")] = writer._add_object(_stream(xmp_packet(info), "/Metadata"))
    profile = _stream(SRGB_PROFILE.read_bytes())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB),
            NameObject("/Info"): TextStringObject(SRGB),
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )
    root[NameObject("/OutputIntents")] = ArrayObject([intent])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _stream(data: bytes, kind: str | None = None) -> DecodedStreamObject:
    """An uncompressed stream holding `data` (XMP must stay readable without a filter)."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    if kind == "/Metadata":
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream
