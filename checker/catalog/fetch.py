"""A catalog bundle's bytes from a file or an http(s) URL, bounded in size and time.

Only `http://` and `https://` URLs are fetched (certificates verified), with one GET: a
redirect is refused with its target named (give the final URL), as is any answer but 200. The
body is read into memory up to `Limits.max_bytes`, within one deadline for the whole download;
a body cut short (fewer bytes than Content-Length, or a broken chunked body) is an error, so an
interrupted download never reaches the store. Proxies from the environment are not used.
"""

from __future__ import annotations

import time
import typing as t
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from checker import __version__
from checker.errors import UsageError
from checker.terminal import clean

if t.TYPE_CHECKING:  # imported when a download starts: the command line never needs them
    import http.client

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """The largest bundle accepted, and the seconds the whole download may take."""

    max_bytes: int = 64 * 1024 * 1024
    timeout: float = 60.0


def is_url(source: str) -> bool:
    """Whether `source` names a URL rather than a file (`C:\\...` is a file)."""
    scheme = urllib.parse.urlsplit(source).scheme
    return len(scheme) > 1 and "://" in source


def fetch(source: str, limits: Limits | None = None) -> bytes:
    """The bytes at `source`: a file path, or an http(s) URL."""
    limits = limits or Limits()
    if is_url(source):
        return download(source, limits)
    path = Path(source)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise UsageError(
            f"{source}: cannot read the catalog bundle: {exc.strerror or exc}"
        ) from exc
    if len(data) > limits.max_bytes:
        raise UsageError(f"{source}: refused: larger than {limits.max_bytes} bytes")
    return data


def _connection(url: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    import http.client
    import ssl

    host = url.hostname or ""
    if url.scheme == "https":
        return http.client.HTTPSConnection(
            host, url.port, timeout=timeout, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(host, url.port, timeout=timeout)


def download(source: str, limits: Limits) -> bytes:
    """GET `source` (http or https) without redirects, bounded by `limits`."""
    shown = clean(source)
    try:
        url = urllib.parse.urlsplit(source)
        url.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise UsageError(f"{shown}: not a URL: {exc}") from exc
    if url.scheme not in ("http", "https"):
        raise UsageError(f"{shown}: refused: only http:// and https:// URLs (or a file path)")
    if not url.hostname:
        raise UsageError(f"{shown}: the URL names no host")
    if url.username is not None or url.password is not None:
        raise UsageError(f"{shown}: refused: credentials in a URL are not sent")
    import http.client

    deadline = time.monotonic() + limits.timeout
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")
    connection = _connection(url, limits.timeout)
    try:
        connection.request(
            "GET",
            target,
            headers={"User-Agent": f"llm-policy/{__version__}", "Accept": "application/gzip"},
        )
        response = connection.getresponse()
        return _body(response, connection, shown, deadline, limits)
    except TimeoutError as exc:
        raise UsageError(f"{shown}: no answer within {limits.timeout:g} s") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise UsageError(f"{shown}: download failed: {exc or type(exc).__name__}") from exc
    finally:
        connection.close()


def _body(
    response: http.client.HTTPResponse,
    connection: http.client.HTTPConnection,
    shown: str,
    deadline: float,
    limits: Limits,
) -> bytes:
    if 300 <= response.status < 400:
        location = clean(response.getheader("Location") or "nowhere")
        raise UsageError(
            f"{shown}: refused: the server redirects ({response.status}) to {location};"
            " redirects are not followed: give the final URL"
        )
    if response.status != 200:
        raise UsageError(f"{shown}: the server answered {response.status} {clean(response.reason)}")
    length = _length(response.getheader("Content-Length"), shown)
    if length is not None and length > limits.max_bytes:
        raise UsageError(f"{shown}: refused: {length} bytes, more than {limits.max_bytes}")
    chunks: list[bytes] = []
    total = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if connection.sock is not None:
            connection.sock.settimeout(remaining)
        chunk = response.read(CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limits.max_bytes:
            raise UsageError(f"{shown}: refused: more than {limits.max_bytes} bytes")
        chunks.append(chunk)
    if length is not None and total != length:
        raise UsageError(
            f"{shown}: the download was interrupted: {total} of {length} bytes arrived"
        )
    return b"".join(chunks)


def _length(value: str | None, shown: str) -> int | None:
    if value is None:
        return None
    try:
        length = int(value)
    except ValueError:
        length = -1
    if length < 0:
        raise UsageError(f"{shown}: the server sent a bad Content-Length: {clean(value)!r}")
    return length
