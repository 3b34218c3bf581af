"""The preview's web server: a Starlette app that serves the preview folder and nothing else,
and tells open pages what a save rebuilt (server-sent events).

Starlette's StaticFiles would serve the folder, but it follows symlinks out of it and lists
nothing we need; the few rules a preview must keep are written here so a test can name each:
only files under the site folder, no dot-files, no `..` (decoded or not), no backslashes, no
directories (a folder is never listed), symlinks resolved and refused when they lead out.
Every response carries a Content-Security-Policy allowing only this server's own script (the
overlay), so even text that slipped past the editions' sanitiser could not run.
"""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route

from localepress.translators.preview_pages import ASSETS

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_ASSETS = {"overlay.js": "text/javascript", "overlay.css": "text/css"}
_KEEPALIVE = 15.0  # seconds between comments on an idle event stream


class Broadcaster:
    """Hands each event (from the build thread) to every open page's stream."""

    def __init__(self):
        self._queues: set[asyncio.Queue] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self.closed = False

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._loop = asyncio.get_running_loop()
            self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        with self._lock:
            self._queues.discard(queue)

    def publish(self, event: dict) -> None:
        """Send `event` to every stream; safe from any thread."""
        with self._lock:
            loop, queues = self._loop, list(self._queues)
        for queue in queues if loop is not None else ():
            loop.call_soon_threadsafe(queue.put_nowait, event)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self.closed = True
        self.publish({})


def safe_file(site: Path, path: str) -> Path | None:
    """The file under `site` that the decoded URL `path` names, or None (see the module
    docstring for what is refused)."""
    if "\\" in path or "\0" in path or "//" in path:
        return None
    parts = [part for part in path.split("/") if part]
    if any(part.startswith(".") for part in parts):  # `..`, `.`, dot-files and folders
        return None
    root = site.resolve()
    target = (root.joinpath(*parts) if parts else root / "index.html").resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


def create_app(site: Path, broadcaster: Broadcaster, state) -> Starlette:
    """The preview app: `site` served read-only, the overlay's assets, `state(page)` as JSON
    (the banner's errors and the check findings), and the event stream."""

    async def page(request: Request):
        path = request.scope["path"]
        raw = request.scope.get("raw_path", b"").lower()
        if b"%5c" in raw or b"%2f" in raw or b"%00" in raw:
            return _refused(400)
        target = safe_file(site, path)
        if target is None:
            return _refused(404)
        return FileResponse(target, headers=HEADERS)

    async def asset(request: Request):
        name = request.path_params["name"]
        if name not in _ASSETS:
            return _refused(404)
        return FileResponse(ASSETS / name, media_type=_ASSETS[name], headers=HEADERS)

    async def page_state(request: Request):
        return JSONResponse(state(request.query_params.get("page", "")), headers=HEADERS)

    async def events(request: Request):
        queue = broadcaster.subscribe()

        async def stream():
            try:
                yield ": connected\n\n"
                while not broadcaster.closed:
                    try:
                        event = await asyncio.wait_for(queue.get(), _KEEPALIVE)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if not event or await request.is_disconnected():
                        break
                    yield f"event: update\ndata: {json.dumps(event)}\n\n"
            finally:
                broadcaster.unsubscribe(queue)

        headers = {**HEADERS, "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    routes = [
        Route("/_preview/events", events),
        Route("/_preview/state.json", page_state),
        Route("/_preview/{name}", asset),
        Route("/{path:path}", page),
    ]
    return Starlette(routes=routes)


def _refused(status: int) -> PlainTextResponse:
    text = "Not found" if status == 404 else "Refused"
    return PlainTextResponse(text, status_code=status, headers=HEADERS)
