"""Benchmarks (not tests): medians over repeated runs, printed with their targets.

    make bench                 # everything
    python scripts/bench.py data   # only the data benchmarks (no browser)
    python scripts/bench.py dna    # only the Regio-DNA download volume

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
from regiondata.derive.demo import build_raw_tables  # noqa: E402
from regiondata.derive.pipeline import refresh_from_cbs  # noqa: E402
from regiondata.derive.snapshot import load_snapshot  # noqa: E402
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


def bench_dna() -> None:
    """Regio-DNA tables: rows and bytes of our filtered download against a naive full download.

    The emulator's commuting tables list only the pairs that carry jobs (see
    regiondata/derive/demo/commuting.py), but real CBS lists every pair of every region kind, zeros
    included. So besides the measured numbers this prints the size of the real cube (the product of
    the dimension lists, which are complete) and what our filter takes from it, in rows, with bytes
    scaled by the bytes per row we measured.
    """
    from regiondata.cbs.client import cbs_client, fetch_table
    from regiondata.cbs.flows import flow_periods
    from regiondata.cbs.sources import COMMUTING, COMMUTING_OLD, SECTORS

    raws = build_raw_tables(compact=False)
    tables = [EmulatedTable(t.table_id, t.info, t.properties, t.dimensions, t.rows) for t in raws]
    print("\n== Regio-DNA: filtered download against a naive full download ==")
    with tempfile.TemporaryDirectory() as home, CBSEmulator(tables, page_size=10_000) as emu:
        settings = load_settings({"REGIONDATA_HOME": home, "REGIONDATA_CBS_URL": emu.base_url})
        for spec, table_id in ((COMMUTING_OLD, "83628NED"), (COMMUTING, "85481NED"), (SECTORS, "83582NED")):
            emu.reset_stats()
            start = time.perf_counter()
            with cbs_client(settings):
                raw = fetch_table(spec, table_id, settings)
            seconds = time.perf_counter() - start
            rows, size = emu.rows_sent, emu.bytes_sent
            full_rows, full_bytes = emu.full_size(table_id)
            print(
                f"{table_id} {spec.key:<13}: ours {rows:>8,} rows {size / 1e6:7.2f} MB ({seconds:.1f} s)   "
                f"naive (emulator) {full_rows:>8,} rows {full_bytes / 1e6:7.2f} MB   "
                f"ratio rows {rows / full_rows:6.1%} bytes {size / full_bytes:6.1%}"
            )
            if not spec.work_dimension:
                continue
            dims = raw.dimensions
            gm = sum(r["Key"].startswith("GM") for r in dims["WoonregioS"])
            cube = len(dims["WoonregioS"]) * len(dims["WerkregioS"]) * len(dims["Perioden"])
            ours_real = (gm * gm + 2 * gm) * len(flow_periods(raw, spec))
            per_row = size / max(len(raw.rows), 1)
            print(
                f"   real CBS estimate: full cube {cube:>10,} rows (~{cube * per_row / 1e6:6.0f} MB); ours at most "
                f"{ours_real:>9,} rows (~{ours_real * per_row / 1e6:5.0f} MB) = {ours_real / cube:5.1%}: "
                f"{gm} × {gm} gemeenten + totals, {len(flow_periods(raw, spec))} Decembers, before the "
                "'jobs > 0' filter drops the empty pairs (their share at CBS is not known here)"
            )


# --- pages: browser timings against the floor, server script time, figure payload -------------

PAGES = {
    "overzicht": ("/?regio=AM18", 2),
    "regio": ("/regio?regio=AM18", 2),
    "vergelijken": ("/vergelijken?regio=AM18", 2),
    "data": ("/data", 0),
    "agenda": ("/agenda", 0),
}


# Timing happens in the page, frame by frame, from the navigation start (or the click). Playwright's
# own waits poll with a back-off (100, 250, 500, 1000 ms), which rounds every measurement up to the
# next poll and hits pages whose charts land just after a poll hardest (measured: the same page
# came out at 700 or 1,050 ms depending on the poll it missed).
FRAME_PROBE = """
(() => {
  const probe = { charts: {}, h1: null, change: null };
  window.__bench = probe;
  const drawn = (plot) => {
    const svg = plot.querySelector('.main-svg');
    if (!svg || !svg.checkVisibility({ visibilityProperty: true })) return false;
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const text = (plot) => Array.from(plot.querySelectorAll('text'), (t) => t.textContent).join('|').replace(/\\s+/g, '');
  const frame = () => {
    const now = performance.now();
    const h1 = document.querySelector('h1');
    if (probe.h1 === null && h1 && h1.checkVisibility()) probe.h1 = now;
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const count = plots.filter(drawn).length;
    for (let k = 1; k <= count; k++) if (!(k in probe.charts)) probe.charts[k] = now;
    const c = probe.change;
    if (c && c.start !== null && c.done === null) {
      const targets = plots.slice(0, c.charts);
      if (targets.length === c.charts && targets.every((p) => text(p).includes(c.label))) c.done = now;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""


def _open_until_charts(page, url: str, n: int) -> float:
    """Seconds from the navigation start until n charts are drawn (or the title, for n = 0)."""
    page.goto(url)
    if n:
        page.wait_for_function(f"window.__bench && window.__bench.charts[{n}] !== undefined", timeout=60_000)
        return page.evaluate(f"window.__bench.charts[{n}]") / 1000
    page.wait_for_function("window.__bench && window.__bench.h1 !== null", timeout=60_000)
    return page.evaluate("window.__bench.h1") / 1000


def _time_change(page, open_menu, option, label: str, charts: int) -> float:
    """Seconds from the mouse press on ``option`` until the first ``charts`` charts show ``label``."""
    open_menu()
    page.evaluate(
        """([label, charts]) => {
            const c = { label: label.replace(/\\s+/g, ''), charts, start: null, done: null };
            window.__bench.change = c;
            document.addEventListener('mousedown', () => { c.start = performance.now(); },
                                      { capture: true, once: true });
        }""",
        [label, charts],
    )
    option().click()
    page.wait_for_function("window.__bench.change.done !== null", timeout=30_000)
    return page.evaluate("window.__bench.change.done - window.__bench.change.start") / 1000


# The regions the change benchmark moves to, each from a fresh Groot Amsterdam page.
CHANGE_REGIONS = [("AM24", "Zeeland"), ("AM01", "Groningen"), ("AM30", "Zuid-Limburg")]


def _capture_charts(home: str, target: Path) -> None:
    """Write the figures the real pages send (AppTest, in process) for ``charts_only_app.py``."""
    import json
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["REGIONDATA_HOME"] = home
    charts: dict[str, dict[str, list[dict]]] = {}
    for name, (_path, n) in PAGES.items():
        if not n:
            continue
        regions = ["AM18"] + ([code for code, _ in CHANGE_REGIONS] if name == "overzicht" else [])
        for regio in regions:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.query_params["regio"] = regio
            at.run()
            if name != "overzicht":
                at.switch_page(f"pages/{name}.py").run()
            charts.setdefault(name, {})[regio] = [
                {"spec": c.proto.spec, "config": c.proto.config, "selectable": bool(c.proto.selection_mode)}
                for c in at.get("plotly_chart")
            ]
    target.write_text(json.dumps(charts))


def bench_browser(repeat: int = 9) -> None:
    """Open each page by URL and change the region, against the floor app; medians and ratios.

    Floor and page runs alternate, so a slow spell of this shared machine hits both alike. Two
    references besides the floor: the floor opened at a path (deep floor), and the page's own
    charts alone (``charts_only_app.py``), which shows what the charts cost and what the rest does.
    """
    from playwright.sync_api import expect, sync_playwright

    from regiondata.derive.pipeline import build_demo_snapshot
    from tests.browser_support import CHROMIUM_ARGS, chromium_path, streamlit_server

    with tempfile.TemporaryDirectory() as home:
        build_demo_snapshot(load_settings({"REGIONDATA_HOME": home}))
        charts_file = Path(home) / "charts.json"
        _capture_charts(home, charts_file)
        with (
            streamlit_server(Path(home)) as app_url,
            streamlit_server(Path(home), app=ROOT / "scripts" / "floor_app.py") as floor_url,
            streamlit_server(
                Path(home), {"BENCH_CHARTS": str(charts_file)}, app=ROOT / "scripts" / "charts_only_app.py"
            ) as charts_url,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            context.add_init_script(FRAME_PROBE)
            page = context.new_page()
            # Warm the servers (imports, caches) and the browser's code cache before measuring.
            for _ in range(2):
                _open_until_charts(page, floor_url, 1)
                for path, n in PAGES.values():
                    _open_until_charts(page, app_url + path, n)
                    if n:
                        _open_until_charts(page, charts_url + path, n)
            print(
                f"\n== Pages: open by URL until all charts are drawn (1920×1080, warm server, median of {repeat}) =="
            )
            print("   timed in the page from the navigation start to the first frame with every chart drawn")
            print("   floor: the one-chart app at / ; deep floor: the same app at /pagina ;")
            print("   charts only: the page's own charts and region selector, nothing else, at the same path")
            for name, (path, n) in PAGES.items():
                times, floors, deep, alone = [], [], [], []
                for _ in range(repeat):
                    floors.append(_open_until_charts(page, floor_url, 1))
                    times.append(_open_until_charts(page, app_url + path, n))
                    if not path.startswith("/?"):
                        deep.append(_open_until_charts(page, floor_url + "/pagina", 1))
                    if n:
                        alone.append(_open_until_charts(page, charts_url + path, n))
                t, f = statistics.median(times), statistics.median(floors)
                line = f"{name:<12} ({n} charts): {t * 1000:5.0f} ms   floor {f * 1000:4.0f} ms   ratio {t / f:4.2f} (target ≤ 1.5)"
                if deep:
                    d = statistics.median(deep)
                    line += f"   deep floor {d * 1000:4.0f} ms, ratio {t / d:4.2f}"
                if alone:
                    a = statistics.median(alone)
                    line += f"\n{'':<25}charts only {a * 1000:4.0f} ms: ratio {a / f:4.2f} to the floor"
                    if deep:
                        line += f", {a / d:4.2f} to the deep floor"
                print(line)
            print(
                "   A page at a path such as /regio first asks /regio/_stcore/health, gets a 404 and\n"
                "   retries at / after a fixed 100 ms: Streamlit's frontend finds its base path that way\n"
                "   before it opens the websocket. The deep floor pays that too; the floor at / does not."
            )

            floor_menu = page.locator("[data-testid='stSelectbox']").first
            side_menu = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first

            def floor_change(i: int) -> float:
                _open_until_charts(page, floor_url, 1)
                expect(floor_menu).to_be_visible()
                option = "BCD"[i % 3]  # a fresh floor page shows A
                return _time_change(
                    page,
                    floor_menu.click,
                    lambda: page.get_by_role("option", name=option, exact=True),
                    f"Reeks {option}",
                    1,
                )

            def region_change(base_url: str, i: int) -> float:
                _open_until_charts(page, base_url + "/?regio=AM18", 2)
                code, name = CHANGE_REGIONS[i % len(CHANGE_REGIONS)]

                def open_menu() -> None:
                    side_menu.click()
                    page.keyboard.type(name)

                # Both charts redrawn: each carries the new region's name (the tile map may wrap it).
                return _time_change(
                    page, open_menu, lambda: page.get_by_role("option", name=f"{name} ({code})"), name, 2
                )

            # Warm server: each region's view built once (a first visit to a region builds its
            # charts, ~100 ms on the server), and the floor's options once, before timing.
            for i in range(len(CHANGE_REGIONS)):
                floor_change(i)
                region_change(app_url, i)
                region_change(charts_url, i)
            floor_sel, app_sel, alone_sel = [], [], []
            for i in range(repeat):
                floor_sel.append(floor_change(i))
                app_sel.append(region_change(app_url, i))
                alone_sel.append(region_change(charts_url, i))
            fs, ap, al = (statistics.median(x) for x in (floor_sel, app_sel, alone_sel))
            if "-v" in sys.argv:
                for label, values in (("floor", floor_sel), ("app", app_sel), ("charts only", alone_sel)):
                    print(label, sorted(round(t * 1000) for t in values))
            print(
                f"\n== Change the region until every chart has redrawn (warm server, median of {repeat}) =="
            )
            print(f"floor (selectbox → 1 chart)   : {fs * 1000:7.0f} ms")
            print(
                f"overzicht (2 charts)          : {ap * 1000:7.0f} ms   ratio {ap / fs:4.2f}   (target ≤ 1.5)"
            )
            print(f"its 2 charts only             : {al * 1000:7.0f} ms   ratio {al / fs:4.2f}")
            browser.close()


def bench_script(repeat: int = 15) -> None:
    """Server-side script time per rerun (AppTest, in process) and Plotly JSON per page."""
    from streamlit.testing.v1 import AppTest

    from regiondata.derive.pipeline import build_demo_snapshot

    with tempfile.TemporaryDirectory() as home:
        import os

        os.environ["REGIONDATA_HOME"] = home
        build_demo_snapshot(load_settings())
        print(f"\n== Server-side script time per rerun (median of {repeat}) and figure JSON per page ==")
        for name in PAGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.query_params["regio"] = "AM18"
            at.run()
            if name != "overzicht":
                at.switch_page(f"pages/{name}.py").run()
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
            size = sum(len(c.proto.spec) for c in at.get("plotly_chart"))
            assert not at.exception, at.exception
            print(
                f"{name:<14}: {statistics.median(times) * 1000:6.1f} ms (target ≤ 150 ms)   figures {size / 1000:6.1f} KB (target ≤ 500 KB)"
            )


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("all", "data"):
        bench_data()
    if which in ("all", "data", "dna"):
        bench_dna()
    if which in ("all", "pages"):
        bench_script()
    if which in ("all", "pages", "browser"):
        bench_browser()
