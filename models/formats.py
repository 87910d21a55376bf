"""The registry of known format descriptions; a report names the one it was written against."""

from models.format import FormatDescription
from models.format_2019 import FORMAT_2019
from models.format_2021 import FORMAT_2021

CURRENT = FORMAT_2021
FORMATS: dict[str, FormatDescription] = {f.id: f for f in (FORMAT_2021, FORMAT_2019)}


def get_format(format_id: str) -> FormatDescription:
    """The description with this id; KeyError for an unknown one."""
    return FORMATS[format_id]
