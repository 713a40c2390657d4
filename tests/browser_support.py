"""Real-browser test support: a `streamlit run` server and headless Chromium through Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Debian's chromium (or $CHROMIUM_PATH); None lets Playwright use its own download."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_streamlit(
    home: Path, port: int, extra_env: dict[str, str] | None = None, app: Path = ROOT / "app.py"
) -> subprocess.Popen:
    """Start `streamlit run <app>` on ``port`` with its own data home; return once it is healthy.

    Its output goes to ``streamlit-<port>.log`` in ``home`` (appended: a restarted server on the
    same port keeps one log).
    """
    env = {
        **os.environ,
        "REGIONDATA_HOME": str(home),
        "REGIONDATA_CBS_URL": "http://127.0.0.1:9",
        **(extra_env or {}),
    }
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log_path = home / f"streamlit-{port}.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_process(proc)
            raise RuntimeError(f"streamlit did not start: {log_path.read_text()[-2000:]}")
        time.sleep(0.2)


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a server we started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def streamlit_server(
    home: Path, extra_env: dict[str, str] | None = None, app: Path = ROOT / "app.py"
) -> Iterator[str]:
    """Run `streamlit run <app>` (the dashboard by default) on a free port with its own data home;
    yield the base URL. The benchmark starts its reference apps the same way."""
    port = free_port()
    proc = start_streamlit(home, port, extra_env, app)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Chart texts (titles, footers, labels) that stick out of their figure: cut off on screen.
_TEXT_OUTSIDE = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap((plot) => {
  const box = plot.querySelector('.main-svg').getBoundingClientRect();
  return Array.from(plot.querySelectorAll('text'))
    .filter((t) => t.textContent.trim() && t.getBBox().width > 0)
    .filter((t) => {
      const r = t.getBoundingClientRect();
      return r.right > box.right + 1 || r.left < box.left - 1;
    })
    .map((t) => t.textContent.slice(0, 60));
})"""


def assert_chart_texts_inside(page) -> None:
    """Every text of every chart lies inside its figure (allowing a redraw after a resize)."""
    with contextlib.suppress(Exception):  # the assertion below says which texts
        page.wait_for_function(f"() => ({_TEXT_OUTSIDE})().length === 0", timeout=5_000)
    assert page.evaluate(_TEXT_OUTSIDE) == []
