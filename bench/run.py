"""The benchmark runner (`make bench`): seed each size into a fresh database, measure, write results.json.

    python -m bench.run [--sizes 40,800,4000] [--repeats 15] [--output bench/results.json] [--no-timed]

For each size it creates a throwaway database (Django's test-database machinery: a temporary SQLite
file, or ``test_<name>`` on the PostgreSQL server of DATABASE_URL, never the dev or production data),
builds the scale county (bench/scale.py) with every module's ``scale(ctx)``, then measures every Page
of every module (SQL queries of one request; server time median and p95 over ``--repeats`` requests
through Django's test client, DEBUG off) and every Timed. It prints a table and writes the JSON.

With 800 and a larger size among the sizes it also writes each page's median time at the larger size over
its median at 800 (metric ``median_vs_800``) and lists the pages above ``FLAT_LIMIT`` (downloads, which
write every row, excepted).

It is a benchmark, not a test: times never fail it. It exits 1 when a page's query count differs
between the sizes (a query that grows with the tree), or when a page or a measurement breaks.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
#: Modules of bench/ that are the harness itself, not a capability's benchmarks.
HARNESS = {"api", "run", "scale", "loadtest", "locustfile", "__init__"}
FLAT_LIMIT = 1.5  # a page at 4,000 organisations may cost at most this times its time at 800


def is_harness(stem: str) -> bool:
    return stem in HARNESS or stem.startswith(("loadtest_", "_", "test_"))


def discover(log: Callable[[str], None] | None = print) -> list[Any]:
    """Import every capability module of bench/ (bench/<app>.py). An import error stops the run:
    a module that cannot be measured must not be skipped silently."""
    modules = []
    for path in sorted(BENCH_DIR.glob("*.py")):
        if is_harness(path.stem):
            continue
        modules.append(import_module(f"bench.{path.stem}"))
    if log:
        log("bench modules found: " + (", ".join(m.__name__.removeprefix("bench.") for m in modules) or "none"))
    return modules


def pages_of(modules: list[Any]) -> list[Any]:
    pages, seen = [], set()
    for module in modules:
        for page in getattr(module, "PAGES", []):
            if page.name in seen:
                raise ValueError(f"two pages are named {page.name}")
            seen.add(page.name)
            pages.append(page)
    return pages


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure_page(ctx: Any, page: Any, repeats: int, clients: dict[str, Any]) -> dict[str, Any]:
    """Queries of one request and server time over ``repeats`` requests (after two warm-up requests)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = clients.get(page.username_key)
    if client is None:
        client = clients[page.username_key] = Client()
        client.force_login(ctx.users[page.username_key])
    url = page.url(ctx)
    for _ in range(2):
        response = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    sql = [q["sql"] for q in captured.captured_queries]  # now: the next request empties the log
    if response.status_code != 200:
        raise RuntimeError(f"{page.name} ({url}) answered {response.status_code}")
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:  # a download: its time includes producing every byte
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    return {"queries": len(sql), "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1), "sql": sql}


def _fresh_database(orgs: int, tmp: Path) -> tuple[Any, str]:
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(tmp / f"bench-{orgs}.sqlite3")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection, old_name


def measure_size(orgs: int, modules: list[Any], repeats: int, timed: bool, tmp: Path,
                 log: Callable[[str], None] = print,
                 only: str = "") -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[str]]:
    from bench.scale import seed_scale

    results: list[dict[str, Any]] = []
    pages: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    connection, old_name = _fresh_database(orgs, tmp)
    try:
        log(f"== {orgs} organisations on {connection.vendor}: seeding")
        started = time.perf_counter()
        ctx = seed_scale(orgs, modules=modules, log=log)
        results.append({"name": "seed:scale", "orgs": orgs, "metric": "seconds", "value": round(time.perf_counter() - started, 2)})
        clients: dict[str, Any] = {}
        for page in pages_of(modules):
            if not page.name.startswith(only):
                continue
            try:
                m = measure_page(ctx, page, repeats, clients)
            except Exception as exc:  # report every broken page, then fail the run
                problems.append(f"{page.name} at {orgs}: {type(exc).__name__}: {exc}")
                log(f"  FAILED {problems[-1]}")
                continue
            pages[page.name] = m
            log(f"  {page.name:<40} {m['queries']:>4} queries  median {m['median_ms']:>7.1f} ms  p95 {m['p95_ms']:>7.1f} ms")
            for metric in ("queries", "median_ms", "p95_ms"):
                results.append({"name": page.name, "orgs": orgs, "metric": metric, "value": m[metric]})
        if timed:
            for module in modules:
                hook = getattr(module, "timed", None)
                for item in (hook(ctx) if hook else []):
                    if not item.name.startswith(only):
                        continue
                    try:
                        value = item.run()
                        row = {"name": item.name, "orgs": orgs, "metric": item.metric, "value": round(value, 3)}
                        if item.baseline is not None:
                            base = item.baseline()
                            row["baseline"] = round(base, 3)
                            row["ratio"] = round(value / base, 2) if base else None
                    except Exception as exc:
                        problems.append(f"{item.name} at {orgs}: {type(exc).__name__}: {exc}")
                        log(f"  FAILED {problems[-1]}")
                        continue
                    results.append(row)
                    extra = f"  baseline {row['baseline']}  ratio {row['ratio']}" if "baseline" in row else ""
                    log(f"  {item.name:<40} {item.metric} {row['value']}{extra}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return results, pages, problems


def flatness(results: list[dict[str, Any]], by_size: dict[int, dict[str, dict[str, Any]]], sizes: list[int],
             modules: list[Any]) -> list[str]:
    """Append ``median_vs_800`` rows for the sizes above 800; return the pages above FLAT_LIMIT."""
    slow: list[str] = []
    if 800 not in by_size:
        return slow
    downloads = {p.name for p in pages_of(modules) if p.download}
    for orgs in (s for s in sizes if s > 800):
        for name, m in sorted(by_size[orgs].items()):
            base = by_size[800].get(name)
            if not base or not base["median_ms"]:
                continue
            ratio = round(m["median_ms"] / base["median_ms"], 2)
            results.append({"name": name, "orgs": orgs, "metric": "median_vs_800", "value": ratio})
            if ratio > FLAT_LIMIT and name not in downloads:
                slow.append(f"  {name} at {orgs}: {ratio}x ({base['median_ms']} → {m['median_ms']} ms)")
    return slow


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}: {os.cpu_count()} cores {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}".strip()


def table(results: list[dict[str, Any]], sizes: list[int]) -> str:
    cells: dict[tuple[str, str], dict[int, Any]] = {}
    for r in results:
        key = (r["name"], r["metric"])
        value = r["value"]
        if "ratio" in r:
            value = f"{value} (×{r['ratio']} of {r['baseline']})"
        cells.setdefault(key, {})[r["orgs"]] = value
    width = max([len(n) for n, _ in cells] + [10])
    lines = [f"{'name':<{width}}  {'metric':<10}  " + "  ".join(f"{'at ' + str(s):>30}" for s in sizes)]
    for (name, metric), by_size in cells.items():
        lines.append(f"{name:<{width}}  {metric:<10}  " + "  ".join(f"{str(by_size.get(s, '—')):>30}" for s in sizes))
    return "\n".join(lines)


def setup_django(tmp: Path) -> None:
    """Production-like settings (DEBUG off) that a test client can reach over plain http."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    os.environ["HTTPS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    (tmp / "media").mkdir(exist_ok=True)  # the storage refuses to recreate a missing MEDIA_ROOT (core/storage.py)
    os.environ["SQLITE_PATH"] = str(tmp / "unused.sqlite3")  # never the dev db.sqlite3
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    import django
    from django.conf import settings

    django.setup()
    # The manifest storage needs collectstatic; a manifest lookup is a dict read, so plain storage
    # measures the same server time.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,800,4000")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--output", default=str(BENCH_DIR / "results.json"))
    parser.add_argument("--no-timed", action="store_true", help="pages only (skip reports and imports)")
    parser.add_argument("--only", default="", help="measure only the names starting with this (e.g. import:); "
                                                   "their rows replace the same rows of the output file, the rest stay")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="jinwei-bench-") as tmpdir:
        tmp = Path(tmpdir)
        setup_django(tmp)
        from django.db import connection

        modules = discover()
        print(f"pages: {len(pages_of(modules))}; database: {connection.vendor}; sizes: {sizes}; repeats: {args.repeats}")
        results: list[dict[str, Any]] = []
        problems: list[str] = []
        by_size: dict[int, dict[str, dict[str, Any]]] = {}
        for orgs in sizes:
            size_results, pages, size_problems = measure_size(orgs, modules, args.repeats, not args.no_timed, tmp,
                                                              only=args.only)
            results += size_results
            problems += size_problems
            by_size[orgs] = pages
        vendor = connection.vendor
    for name in sorted({n for pages in by_size.values() for n in pages}):
        counts = {orgs: by_size[orgs][name]["queries"] for orgs in sizes if name in by_size[orgs]}
        if len(set(counts.values())) > 1:
            problems.append(f"{name}: query count differs between sizes: {counts}")
            small, large = (by_size[s][name]["sql"] for s in (sizes[0], sizes[-1]))
            for sql in large[len(small):][:5]:
                problems.append(f"    extra at {sizes[-1]}: {sql[:200]}")
    slow = flatness(results, by_size, sizes, modules)
    print()
    print(table(results, sizes))
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    header = {"machine": machine(), "database": vendor, "sizes": sizes, "repeats": args.repeats, "date": now}
    if args.only and Path(args.output).exists():
        # A partial run: its rows (each with its own date and load) replace the same rows; the rest and
        # the file's header stay as the full run wrote them.
        old = json.loads(Path(args.output).read_text(encoding="utf-8"))
        fresh = [{**r, "date": now, "load": round(os.getloadavg()[0], 1)} for r in results if r["name"].startswith(args.only)]
        keys = {(r["name"], r["orgs"], r["metric"]) for r in fresh}
        results = [r for r in old["results"] if (r["name"], r["orgs"], r["metric"]) not in keys] + fresh
        header = {k: v for k, v in old.items() if k != "results"}
    Path(args.output).write_text(json.dumps({**header, "results": results}, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
    print(f"\nwritten {args.output}")
    if slow:
        print(f"\npages costing more than {FLAT_LIMIT}x their time at 800 (noisy on a shared machine; run again to confirm):")
        print("\n".join(slow))
    if problems:
        print("\nPROBLEMS:")
        print("\n".join(problems))
        return 1
    print("query counts equal at every size for every page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
