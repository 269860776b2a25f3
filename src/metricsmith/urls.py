"""Redacting URLs before they are shown, logged or stored.

A base URL is configuration, and people paste credentials into it
(``http://user:secret@host/v1``, ``…?api_key=…``). Every URL that leaves the
process's memory — a message, ``doctor``'s report, the project file's
``engine.base_url``, an LLM error quoted from a library — goes through
:func:`redact_url` (one URL) or :func:`redact_text` (URLs inside free text).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters whose values are secrets (compared case-insensitively, ``-`` as ``_``).
SECRET_PARAMS = frozenset({
    "key", "api_key", "apikey", "token", "access_token", "auth", "authorization", "password", "pass",
    "secret", "client_secret", "sig", "signature", "code",
})
MASK = "***"
_URL_RE = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>`]+")


def _secret_param(name: str) -> bool:
    key = name.strip().lower().replace("-", "_")
    return key in SECRET_PARAMS or key.endswith(("_key", "_token", "_secret", "_password"))


def redact_url(url: str) -> str:
    """``url`` without its ``user:password@`` part and with secret query values masked."""
    try:
        parts = urlsplit(url)
        username, password = parts.username, parts.password
        port = parts.port
    except ValueError:  # a malformed port or bracket: keep only what cannot hold a secret
        head, sep, rest = url.partition("://")
        return f"{head}{sep}{rest.rpartition('@')[2]}" if sep else url
    netloc = parts.netloc
    if username is not None or password is not None:
        host = parts.hostname or ""
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        netloc = host + (f":{port}" if port else "")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_secret_param(k) for k, _ in pairs):
            query = urlencode([(k, MASK if _secret_param(k) else v) for k, v in pairs], safe="*")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """``text`` with every URL in it redacted (see :func:`redact_url`)."""
    if "://" not in text:
        return text
    return _URL_RE.sub(lambda m: redact_url(m.group(0)), text)
