"""Canonical URLs: one spelling for one page, so a story met through two feeds is stored and
briefed once. Only what never changes the page is dropped: the fragment, default ports,
the case of scheme and host, and tracking parameters (utm_*, fbclid, …)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "at_", "mc_", "wt_", "ns_", "pk_")
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "cmpid", "ocid", "ito", "xtor", "ref_src"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(text: str) -> bool:
    """Whether a command-line input names a web page rather than a file."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def canonical_url(url: str) -> str:
    """The URL with what never changes the page removed (see the module docstring)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))
