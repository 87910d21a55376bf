"""The XMP metadata packet of a PDF/A file, written from its document information dictionary.

PDF/A requires every entry of the document information to have its XMP equivalent with the same
value (ISO 19005-2, 6.6.2.3): Title → dc:title, Author → dc:creator, Subject → dc:description,
Keywords → pdf:Keywords, Creator → xmp:CreatorTool, Producer → pdf:Producer, the dates →
xmp:CreateDate and xmp:ModifyDate (the same instant, written as XMP dates). The packet also names
the PDF/A part and conformance level, and is left unfiltered and writable in place.
"""

from __future__ import annotations

import re

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
# Document information key → (XMP property, how it is written: plain text, a language
# alternative, an ordered list, or a date)
PROPERTIES = {
    "/Title": ("dc:title", "alt"),
    "/Author": ("dc:creator", "seq"),
    "/Subject": ("dc:description", "alt"),
    "/Keywords": ("pdf:Keywords", "text"),
    "/Creator": ("xmp:CreatorTool", "text"),
    "/Producer": ("pdf:Producer", "text"),
    "/CreationDate": ("xmp:CreateDate", "date"),
    "/ModDate": ("xmp:ModifyDate", "date"),
}
PDF_DATE = re.compile(
    r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(\d\d)?'?)?$"
)
PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"  # the fixed id every XMP packet carries
PADDING = (" " * 99 + "\n") * 20  # room to edit the packet in place, as XMP recommends


def xmp_packet(info: dict[str, str], part: int = 2, conformance: str = "B") -> bytes:
    """The XMP packet (UTF-8) for the document information `info` (keys like "/Title")."""
    properties = [
        _property(*PROPERTIES[key], value) for key, value in info.items() if key in PROPERTIES
    ]
    properties += [f"<pdfaid:part>{part}</pdfaid:part>"]
    properties += [f"<pdfaid:conformance>{conformance}</pdfaid:conformance>"]
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    body = "\n".join(f"   {line}" for line in properties)
    return (
        f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'  <rdf:Description rdf:about="" {declarations}>\n{body}\n  </rdf:Description>\n'
        " </rdf:RDF>\n</x:xmpmeta>\n"
        f'{PADDING}<?xpacket end="w"?>'
    ).encode()


def xmp_date(pdf_date: str) -> str:
    """A PDF date ("D:20261205035056+08'00") as an XMP date ("2026-12-05T03:50:56+08:00").

    Raises ValueError for a string that is no PDF date."""
    match = PDF_DATE.match(pdf_date)
    if not match:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    year, month, day, hour, minute, second, utc, sign, zone_h, zone_m = match.groups()
    text = year + "".join(f"-{part}" for part in (month, day) if part)
    if hour:
        text += f"T{hour}:{minute or '00'}" + (f":{second}" if second else "")
        text += "Z" if utc else f"{sign}{zone_h}:{zone_m or '00'}" if sign else ""
    return text


def _property(name: str, kind: str, value: str) -> str:
    text = _escape(xmp_date(value) if kind == "date" else value)
    if kind == "alt":
        text = f'<rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt>'
    elif kind == "seq":
        text = f"<rdf:Seq><rdf:li>{text}</rdf:li></rdf:Seq>"
    return f"<{name}>{text}</{name}>"


def _escape(text: str) -> str:
    """`text` as XML character data (no markup, no characters XML 1.0 forbids)."""
    text = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
