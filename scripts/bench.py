"""Benchmarks (not tests): medians over repeated runs, printed with their targets.

    make bench                 # everything
    python scripts/bench.py data   # only the data benchmarks (no browser)

Data: rows and bytes a full refresh downloads from the CBS emulator serving realistic-size
tables, against what ``cbsodata.get_data`` of the same tables downloads; snapshot load time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cbsodata  # noqa: E402

from regiondata.config import load_settings  # noqa: E402
from regiondata.demo import build_raw_tables  # noqa: E402
from regiondata.pipeline import refresh_from_cbs  # noqa: E402
from regiondata.snapshot import load_snapshot  # noqa: E402
from tests.cbs_emulator import CBSEmulator, EmulatedTable  # noqa: E402


def median_time(fn, repeat: int = 7) -> float:
    """Median wall time of fn() in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_data() -> None:
    """Refresh download volume vs get_data, and snapshot load time."""
    raws = build_raw_tables(compact=False)
    tables = [EmulatedTable(t.table_id, t.info, t.properties, t.dimensions, t.rows) for t in raws]
    with tempfile.TemporaryDirectory() as home, CBSEmulator(tables, page_size=10_000) as emu:
        settings = load_settings({"REGIONDATA_HOME": home, "REGIONDATA_CBS_URL": emu.base_url})
        ids: list[str] = []
        emu.reset_stats()
        start = time.perf_counter()
        refresh_from_cbs(settings, progress=lambda p: ids.append(p.table_id))
        refresh_s = time.perf_counter() - start
        rows, size = emu.rows_sent, emu.bytes_sent
        full_rows = full_bytes = 0
        for table_id in ids:
            r, b = emu.full_size(table_id)
            full_rows += r
            full_bytes += b
        # Check full_size against a real get_data on one mid-size table.
        emu.reset_stats()
        saved = (cbsodata.options.catalog_url, cbsodata.options.use_https, dict(cbsodata.options.requests))
        cbsodata.options.catalog_url, cbsodata.options.use_https = emu.host_port, False
        cbsodata.options.requests["proxies"] = {"http": None, "https": None}
        try:
            cbsodata.get_data("83582NED")
        finally:
            cbsodata.options.catalog_url, cbsodata.options.use_https = saved[0], saved[1]
            cbsodata.options.requests.clear()
            cbsodata.options.requests.update(saved[2])
        check = (emu.rows_sent, emu.bytes_sent) == emu.full_size("83582NED")
        print("== Data: full refresh against the CBS emulator (realistic-size tables) ==")
        print(f"tables downloaded            : {len(ids)}")
        print(f"refresh rows / bytes         : {rows:>10,} rows  {size / 1e6:8.2f} MB   ({refresh_s:.1f} s)")
        print(f"get_data of the same tables  : {full_rows:>10,} rows  {full_bytes / 1e6:8.2f} MB")
        print(
            f"ratio refresh / get_data     : rows {rows / full_rows:6.1%}   bytes {size / full_bytes:6.1%}"
            "   (target ≤ 10%)"
        )
        print(f"full_size == real get_data   : {check} (checked on 83582NED)")
        load = median_time(lambda: load_snapshot(settings.snapshots_dir), repeat=15)
        print(f"snapshot load, median of 15  : {load * 1000:6.1f} ms   (target < 200 ms)")


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("all", "data"):
        bench_data()
