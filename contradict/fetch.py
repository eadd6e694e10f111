"""Fetch articles from http(s) URLs, politely, with a copy kept on disk so a re-run fetches nothing.

Polite means: one request at a time, a pause between two requests to the same host, a
timeout, a size limit (the loader's ``max_bytes``; the rest is not downloaded), and a
user agent that names the tool. A page that cannot be fetched raises :class:`FetchError`
with one line naming the URL; the loader sets that URL aside and goes on with the other
inputs.

Fetched pages are kept in ``cache_dir`` (by default ``pages/`` beside the embedding cache,
see :func:`contradict.cache.default_cache_path`), one file per URL holding the bytes,
the final URL and the content type, so a re-run reads the same bytes and gives the same
report. ``contradict report --no-cache`` fetches again.

Example:
    >>> fetcher = Fetcher(cache_dir=None)
    >>> page = fetcher.fetch("https://example.org/story.html", max_bytes=5_000_000)  # doctest: +SKIP
    >>> page.content_type, len(page.data)  # doctest: +SKIP
    ('text/html; charset=utf-8', 48211)
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from contradict.errors import InputError

__all__ = ["FetchError", "FetchedPage", "Fetcher", "is_url", "USER_AGENT"]

#: Seconds to wait for a server to connect or send the next bytes.
DEFAULT_TIMEOUT = 20.0
#: Seconds between two requests to the same host.
DEFAULT_HOST_DELAY = 1.0


def _user_agent() -> str:
    from contradict import __version__

    return f"contradict/{__version__} (compares news articles; one request per page)"


USER_AGENT = _user_agent()


def is_url(value: object) -> bool:
    """Whether an input names an http(s) URL rather than a path.

    Example:
        >>> is_url("https://example.org/a.html"), is_url("seeds/"), is_url("ftp://example.org/a")
        (True, False, False)
    """
    return isinstance(value, str) and value[:8].lower().startswith(("http://", "https://"))


class FetchError(InputError):
    """A URL that could not be fetched; the message is one line that names it."""


@dataclass(frozen=True)
class FetchedPage:
    """The bytes of one fetched URL (at most ``max_bytes``), where it ended up, and its content type."""

    url: str
    final_url: str
    content_type: str
    data: bytes
    truncated: bool
    from_cache: bool = False


class Fetcher:
    """Fetch URLs one at a time, keep each page on disk, wait between requests to one host.

    Args:
        cache_dir: folder for fetched pages, or None to keep nothing.
        timeout: seconds to wait for a connection or for the next bytes.
        host_delay: seconds between two requests to the same host.
        user_agent: the ``User-Agent`` header sent.
    """

    def __init__(self, cache_dir: str | Path | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 host_delay: float = DEFAULT_HOST_DELAY, user_agent: str = USER_AGENT) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout = timeout
        self.host_delay = host_delay
        self.user_agent = user_agent
        self._last_request: dict[str, float] = {}

    def fetch(self, url: str, *, max_bytes: int) -> FetchedPage:
        """The page at ``url``: from the cache when kept there, else over the network.

        Raises :class:`FetchError` (one line naming the URL) on a bad URL, a network error,
        a timeout or an HTTP error status.
        """
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
            raise FetchError(f"{url}: not an http(s) URL")
        cached = self._read_cached(url, max_bytes)
        if cached is not None:
            return cached
        self._wait_for(parsed.hostname)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "text/html, text/plain;q=0.9, */*;q=0.5"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read(max_bytes + 1)
                page = FetchedPage(
                    url=url, final_url=response.geturl() or url,
                    content_type=response.headers.get("Content-Type", "") or "",
                    data=data[:max_bytes], truncated=len(data) > max_bytes,
                )
        except urllib.error.HTTPError as error:
            raise FetchError(f"{url}: could not fetch (HTTP {error.code} {error.reason})") from None
        except urllib.error.URLError as error:
            reason = error.reason
            raise FetchError(f"{url}: could not fetch ({getattr(reason, 'strerror', None) or reason})") from None
        except (TimeoutError, OSError) as error:
            raise FetchError(f"{url}: could not fetch ({type(error).__name__}: {error})") from None
        finally:
            self._last_request[parsed.hostname] = time.monotonic()
        self._write_cached(page)
        return page

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            pause = self.host_delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)

    # ------------------------------------------------------------------ the copy on disk

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.cache_dir / f"{key}.body", self.cache_dir / f"{key}.json"

    def _read_cached(self, url: str, max_bytes: int) -> FetchedPage | None:
        paths = self._paths(url)
        if paths is None:
            return None
        body_path, meta_path = paths
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        # A copy kept under a smaller limit, or damaged, is fetched again.
        if meta.get("url") != url or len(data) != meta.get("size") or (meta.get("truncated") and max_bytes > len(data)):
            return None
        return FetchedPage(url=url, final_url=meta.get("final_url", url), content_type=meta.get("content_type", ""),
                           data=data[:max_bytes], truncated=bool(meta.get("truncated")) or len(data) > max_bytes,
                           from_cache=True)

    def _write_cached(self, page: FetchedPage) -> None:
        paths = self._paths(page.url)
        if paths is None:
            return
        body_path, meta_path = paths
        meta = {"url": page.url, "final_url": page.final_url, "content_type": page.content_type,
                "size": len(page.data), "truncated": page.truncated}
        try:
            body_path.parent.mkdir(parents=True, exist_ok=True)
            # Written to a temporary name and renamed, so a killed run never leaves half a page.
            for path, payload in ((body_path, page.data), (meta_path, json.dumps(meta).encode())):
                temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                temporary.write_bytes(payload)
                os.replace(temporary, path)
        except OSError:
            pass  # an unwritable cache only costs a fetch next time
