"""Write resources/icc/sRGB.icc: the sRGB colour profile of the PDF/A output intent.

    python tools/make_srgb_profile.py

Little CMS (in Pillow's ImageCms) makes the profile; the program ships the file and so needs
neither Pillow nor Little CMS to write a PDF/A copy (export/pdfa.py).
"""

from __future__ import annotations

from pathlib import Path

from PIL import ImageCms

OUT = Path(__file__).resolve().parent.parent / "resources" / "icc" / "sRGB.icc"


def main() -> None:
    """Make the profile and write it to OUT."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(profile)
    print(f"{OUT}: {len(profile)} bytes")


if __name__ == "__main__":
    main()
