"""Configuration from environment variables, with safe defaults (all documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

DEFAULT_CBS_URL = "https://opendata.cbs.nl"
#: The first year the dashboard covers. Earlier years exist at CBS, but the yearly
#: "Gebieden in Nederland" membership and the 35-region layout are stable from here on.
FIRST_YEAR = 2015
#: How many of the newest good snapshots a write keeps (``REGIONDATA_KEEP_SNAPSHOTS``); the
#: current one and the newest good CBS one are kept on top of these.
DEFAULT_KEEP_SNAPSHOTS = 3
#: A whole refresh stops after this many seconds (``REGIONDATA_REFRESH_DEADLINE``): the read
#: timeout applies per request, and a CBS that answers slowly but steadily must not hang a
#: refresh button or ``make run`` for ever.
DEFAULT_REFRESH_DEADLINE_S = 300.0


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one process."""

    home: Path
    cbs_url: str
    connect_timeout_s: float
    read_timeout_s: float
    keep_snapshots: int = DEFAULT_KEEP_SNAPSHOTS
    refresh_deadline_s: float = DEFAULT_REFRESH_DEADLINE_S

    @property
    def cbs_host_port(self) -> str:
        """Host[:port] of the CBS service, the form cbsodata's ``catalog_url`` wants."""
        return urlsplit(self.cbs_url).netloc

    @property
    def cbs_use_https(self) -> bool:
        """Whether the CBS URL is https (cbsodata takes the scheme as a separate flag)."""
        return urlsplit(self.cbs_url).scheme != "http"

    @property
    def snapshots_dir(self) -> Path:
        """Folder that holds every snapshot and the pointer to the current one."""
        return self.home / "snapshots"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from the environment.

    Args:
        env: Mapping to read instead of ``os.environ`` (tests).

    Returns:
        The resolved settings; ``REGIONDATA_HOME`` defaults to a per-user data directory,
        never inside the repository.
    """
    env = os.environ if env is None else env
    home = env.get("REGIONDATA_HOME") or platformdirs.user_data_dir("regiondata", appauthor=False)
    cbs_url = (env.get("REGIONDATA_CBS_URL") or DEFAULT_CBS_URL).rstrip("/")
    return Settings(
        home=Path(home).expanduser(),
        cbs_url=cbs_url,
        connect_timeout_s=float(env.get("REGIONDATA_CONNECT_TIMEOUT", "5")),
        read_timeout_s=float(env.get("REGIONDATA_READ_TIMEOUT", "60")),
        keep_snapshots=_keep_snapshots(env.get("REGIONDATA_KEEP_SNAPSHOTS")),
        refresh_deadline_s=float(env.get("REGIONDATA_REFRESH_DEADLINE", str(DEFAULT_REFRESH_DEADLINE_S))),
    )


def _keep_snapshots(value: str | None) -> int:
    """``REGIONDATA_KEEP_SNAPSHOTS`` as a count of at least 1.

    Lenient on purpose: it is read on every snapshot write, also from the app, and a typo in a
    housekeeping setting must not stop a refresh; it falls back to the default instead.
    """
    try:
        keep = int(value) if value and value.strip() else DEFAULT_KEEP_SNAPSHOTS
    except ValueError:
        return DEFAULT_KEEP_SNAPSHOTS
    return max(keep, 1)
