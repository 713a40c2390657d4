"""A throwaway PostgreSQL server for the test session, when the binaries are installed.

``initdb`` into a temporary directory, ``postgres`` on a free loopback port with its unix socket
in that directory, trust authentication, stopped (fast shutdown) at the end. PostgreSQL refuses
to run as root, so as root the cluster is owned by and run as ``nobody``.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser_support import free_port


def postgres_bin_dir() -> Path | None:
    """The directory holding ``initdb`` and ``postgres`` (PATH first, then Debian's layout)."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "nobody", "--", *cmd]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL server; yield a SQLAlchemy URL of its ``postgres`` database."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb found)")
    root = Path(tempfile.mkdtemp(prefix="regiondata-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "nobody")
    port = free_port()
    subprocess.run(
        _as_server_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
    )
    log = open(root / "postgres.log", "wb")  # noqa: SIM115 - closed in finally
    cmd = [
        str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(root),
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200",
    ]  # fmt: skip
    proc = subprocess.Popen(_as_server_user(cmd), stdout=log, stderr=subprocess.STDOUT)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        _wait_ready(url, proc, root)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)  # fast shutdown: disconnect clients, no waiting
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(url: str, proc: subprocess.Popen, root: Path) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "PostgreSQL did not start: " + (root / "postgres.log").read_text()[-2000:]
                    ) from None
                time.sleep(0.2)
    finally:
        engine.dispose()
