"""Untrusted values that end up in HTML: only ``http``/``https`` URLs may become links."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Browsers drop leading/trailing C0 controls and spaces, and tabs/newlines anywhere, before
# reading a scheme: "  JaVa\tScRiPt:" still runs script, so test what the browser would see.
_DROPPED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21)) + "\x7f"
LINK_SCHEMES = ("http", "https")


def safe_url(url: object) -> str | None:
    """The URL to put in an ``href``, or None unless it is an absolute http(s) URL."""
    if not isinstance(url, str):
        return None
    cleaned = _DROPPED.sub("", url).strip(_EDGES)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    # Spaces inside are legal to type but not in an attribute a crawler or a browser splits.
    return quote(cleaned, safe=":/?#[]@!$&'()*+,;=%~")
