"""Office files (pptx, docx and the xlsx inside a chart) with the same bytes for the same inputs.

python-pptx, python-docx and XlsxWriter stamp each zip entry with the time it was written
and a chart's workbook with the moment it was made. The package is rewritten here: entries
in a fixed order ([Content_Types].xml first, as Office expects), each with one fixed time,
and every core-properties date set to the plan's day.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
CONTENT_TYPES = "[Content_Types].xml"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


PROPERTY_CHARS = 255  # the most a core property (title, subject, author) may hold


def prop(text: str) -> str:
    """``text`` as a core property: cut to the length Office files allow, at a character."""
    return text if len(text) <= PROPERTY_CHARS else text[:PROPERTY_CHARS - 1] + "…"


def steady(data: bytes, day: date) -> bytes:
    """The package ``data`` with fixed entry times and order, its dates (and its workbooks') on ``day``."""
    stamp = day.isoformat().encode() + b"T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = sorted(source.namelist(), key=lambda n: (n != CONTENT_TYPES, n))
        for name in names:
            blob = source.read(name)
            if name.endswith(".xlsx"):
                blob = steady(blob, day)
            elif name.endswith("core.xml"):
                blob = _STAMPS.sub(rb"\g<1>" + stamp + rb"\g<2>", blob)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, blob)
    return out.getvalue()
