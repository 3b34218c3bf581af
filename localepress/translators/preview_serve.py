"""Running the preview (`localepress serve`): the build thread, the watcher, the web server.

One thread builds: the first build, then one rebuild per batch of saves that watchfiles
reports (editors write a file in several steps; a 50 ms debounce takes them as one). It alone
uses the kernel `editions.execute` keeps warm for this process, and stops it on the way out.
After each build it tells the open pages what changed, then queues the checks in a worker
process (they take longer than a build) and tells the pages again when their findings change,
so the new text never waits for the checks. The main thread runs uvicorn, which turns
Ctrl-C into a clean shutdown: the event streams end, the build thread stops, no kernel stays.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import uvicorn
import watchfiles

from localepress.editions.execute import shutdown_kernels
from localepress.errors import PreviewError
from localepress.project import Project
from localepress.translators.preview import Outcome, Preview
from localepress.translators.preview_pages import page_findings
from localepress.translators.preview_server import Broadcaster, create_app
from localepress.translators.preview_worker import start_checker

DEBOUNCE_MS = 50
WATCHED = ("locales", "notebooks", "source")


def serve(
    project: Project,
    langs: Iterable[str],
    docs: Iterable[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    notify: Callable[[str], None] = lambda line: None,
    on_ready: Callable[[str], None] = lambda url: None,
) -> None:
    """Serve the preview of `docs` × `langs` at http://host:port/ until Ctrl-C (or SIGTERM).

    `notify` receives one line per event worth telling the user (URL, each page built, each
    error); `on_ready(url)` is called once the first build is done."""
    preview = Preview(project, langs, docs)
    sock = _bind(host, port)
    url = f"http://{_url_host(host)}:{sock.getsockname()[1]}/"
    broadcaster = Broadcaster()
    app = create_app(preview.site, broadcaster, preview.state)
    config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=2)
    server = _Server(config, broadcaster)
    stop = threading.Event()
    builder = threading.Thread(
        target=_build_loop,
        args=(preview, broadcaster, stop, notify, lambda: on_ready(url)),
        name="preview-build",
        daemon=True,
    )
    notify(f"Preview at {url} (building; Ctrl-C to stop)")
    builder.start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl-C it handled: the stop asked for
    finally:
        stop.set()
        builder.join(timeout=60)
        shutdown_kernels()
        sock.close()


class _Server(uvicorn.Server):
    """uvicorn's server, ending the pages' event streams first so its shutdown need not wait."""

    def __init__(self, config: uvicorn.Config, broadcaster: Broadcaster):
        super().__init__(config)
        self.broadcaster = broadcaster

    async def shutdown(self, sockets=None):
        self.broadcaster.close()
        await super().shutdown(sockets)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PreviewError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _build_loop(preview: Preview, broadcaster, stop: threading.Event, notify, ready) -> None:
    def done(outcome: Outcome) -> None:
        notify(describe(outcome))

    checker = _checker()
    try:
        outcomes = preview.start(done)
        _announce(preview, broadcaster, outcomes)
        ready()
        _check(preview, broadcaster, checker, outcomes)
        roots = [preview.project.root / name for name in WATCHED]
        for changes in watchfiles.watch(
            *[root for root in roots if root.exists()],
            watch_filter=lambda _change, path: preview.relevant(Path(path)),
            debounce=DEBOUNCE_MS,
            step=DEBOUNCE_MS,
            stop_event=stop,
            raise_interrupt=False,
        ):
            paths = sorted({Path(path) for _change, path in changes})
            names = ", ".join(preview.project.relative(path) for path in paths)
            clock = time.perf_counter()
            try:
                outcomes = preview.rebuild(paths, done)
            except Exception as exc:  # a fault of ours: the last pages stay, the next save retries
                notify(f"  error  rebuilding after {names}: {type(exc).__name__}: {exc}")
                continue
            _announce(preview, broadcaster, outcomes)
            notify(f"saved: {names}: pages told in {time.perf_counter() - clock:.2f} s")
            _check(preview, broadcaster, checker, outcomes)
    except Exception as exc:  # the server keeps serving the last pages; say why they stopped
        notify(f"preview stopped rebuilding: {type(exc).__name__}: {exc}")
    finally:
        checker.shutdown(wait=True, cancel_futures=True)
        with contextlib.suppress(Exception):
            shutdown_kernels()


def _announce(preview: Preview, broadcaster: Broadcaster, outcomes: list[Outcome]) -> None:
    pages = {outcome.page: outcome.changed for outcome in outcomes if outcome.written}
    if preview.index_changed:
        pages["index.html"] = []
    broadcaster.publish({"pages": pages, "errors": True})


def _checker() -> ProcessPoolExecutor:
    """One worker process for the checks, at a lower priority: they never hold up a build."""
    return ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=start_checker)


def _check(preview: Preview, broadcaster, checker, outcomes: list[Outcome]) -> None:
    """Queue the checks of these editions; each page hears of its findings when they change."""
    for page, args in preview.check_jobs(outcomes):

        def done(future, page=page):
            ok = not future.cancelled() and future.exception() is None
            if ok and preview.set_findings(page, future.result()):
                broadcaster.publish({"findings": [page]})

        checker.submit(page_findings, *args).add_done_callback(done)


def describe(outcome: Outcome) -> str:
    """One line on an edition's build, as `localepress serve` prints it."""
    if outcome.error:
        return f"  error  {outcome.page}: {outcome.error}"
    seconds = sum(outcome.seconds.values())
    how = "executed" if outcome.executed else "outputs reused"
    state = "built" if outcome.written else "unchanged"
    return f"  {state:>9}  {outcome.page}  ({seconds:.2f} s, {how})"
