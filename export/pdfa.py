"""The archival copy: the PDF made PDF/A-2b (ISO 19005-2, level B) with pikepdf.

reportlab's output already meets PDF/A-2's font rules (every font an embedded TrueType subset
with a ToUnicode map); what it lacks is added here: XMP metadata matching the document
information, the PDF/A identification, and an sRGB output intent. The empty page-transition
dictionary reportlab writes on every page is removed. Checked in tests/test_paper.py against the
rules that can be tested without a validator; not run through veraPDF (see README).
"""

from __future__ import annotations

import io

import pikepdf
from PIL import ImageCms

SRGB = "sRGB IEC61966-2.1"


def make_pdfa(data: bytes) -> bytes:
    """The PDF `data` as PDF/A-2b."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            transition = page.obj.get("/Trans")
            if isinstance(transition, pikepdf.Dictionary) and not transition.keys():
                del page.obj["/Trans"]
        if "/Trapped" in pdf.docinfo:  # optional, and pikepdf puts no XMP entry beside it
            del pdf.docinfo["/Trapped"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        profile = pdf.make_stream(_srgb_profile())
        profile["/N"] = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=SRGB,
            Info=SRGB,
            DestOutputProfile=profile,
        )
        pdf.Root.OutputIntents = pikepdf.Array([intent])
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def _srgb_profile() -> bytes:
    """The sRGB ICC profile, as Little CMS (in Pillow) makes it."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
