"""Fault-suite support: a `streamlit run` server that can be killed with SIGKILL and restarted on
the same port (so an open browser reconnects to it), and counting what a user lost."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.browser_support import free_port, start_streamlit, stop_process


class RestartableServer:
    """The dashboard on a fixed port; :meth:`kill` is ``kill -9``, :meth:`start` brings it back."""

    def __init__(self, home: Path, extra_env: dict[str, str] | None = None) -> None:
        self.home = home
        self.extra_env = extra_env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> RestartableServer:
        """Start (or start again) and wait until it answers its health check."""
        self.proc = start_streamlit(self.home, self.port, self.extra_env)
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, no pending write is flushed by the app."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            stop_process(self.proc)

    def __enter__(self) -> RestartableServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def lost_characters(typed: str, stored: str) -> int:
    """How many characters of what the user typed are not in what was stored (0 is the target).

    Typed text is compared as a prefix: every character typed must be stored, in order.
    """
    kept = 0
    for a, b in zip(typed, stored, strict=False):
        if a != b:
            break
        kept += 1
    return len(typed) - kept
