"""`make loadtest`: Jinwei under gunicorn on PostgreSQL, driven by locust, bounded in time; stops all it started.

    python -m bench.loadtest [--users 20] [--rate 5] [--time 45] [--orgs 200] [--workers 3]

1. starts its own PostgreSQL (and Redis) with tools/services.sh on ports of its own
   (JINWEI_PG_PORT 54349, JINWEI_REDIS_PORT 63819, JINWEI_SERVICES_DIR /tmp/jinwei-loadtest-services);
2. migrates, builds the scale county (bench/scale.py, every module's ``scale(ctx)``), and calls each
   ``bench/loadtest_*.py`` ``prepare(ctx)``, whose returned {name: value} it exports to locust;
3. collects static files and starts gunicorn (DEBUG off, HTTPS=0 so cookies work over http) on a free
   loopback port;
4. runs locust headless (bench/locustfile.py) for --time seconds;
5. prints requests/s, p50/p95/p99 and errors, writes bench/loadtest.json, stops gunicorn and the servers.

Exits 1 when a request failed. Report tasks run in-process (no broker), as on a small install.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import import_module
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except Exception:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")
            time.sleep(0.3)


def seed(orgs: int, log) -> dict[str, str]:
    """Migrate, build the scale county; returns the environment for locust (logins, prepare() exports)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from bench.run import discover
    from bench.scale import SCALE_PASSWORD, seed_scale

    started = time.perf_counter()
    ctx = seed_scale(orgs, reset=True, modules=discover(log=log), log=log)
    log(f"scale county of {orgs} organisations in {time.perf_counter() - started:.1f} s")
    townships = [u.username for u in ctx.extra["foundation.township_users"]]
    secretaries = [u.username for u, _ in ctx.extra["foundation.secretaries"]]
    logins = [ctx.users["county"].username]
    for i in range(max(len(townships), len(secretaries))):  # staff and secretaries take turns
        logins += townships[i:i + 1] + secretaries[i:i + 1]
    env = {"JINWEI_LT_USERS": ",".join(logins), "JINWEI_LT_PASSWORD": SCALE_PASSWORD}
    for path in sorted(BENCH_DIR.glob("loadtest_*.py")):
        module = import_module(f"bench.{path.stem}")
        prepare = getattr(module, "prepare", None)
        if prepare is not None:
            exported = prepare(ctx) or {}
            log(f"prepare() of {module.__name__}: exports {', '.join(exported) or 'nothing'}")
            env.update({k: str(v) for k, v in exported.items()})
    from django.db import connections

    connections.close_all()
    return env


def summarise(csv_prefix: Path) -> dict[str, Any]:
    rows = list(csv.DictReader(open(f"{csv_prefix}_stats.csv", encoding="utf-8")))

    def num(row: dict[str, str], key: str) -> float:
        value = row.get(key) or "0"
        return float(value) if value != "N/A" else 0.0

    def entry(row: dict[str, str]) -> dict[str, Any]:
        return {"name": row["Name"], "requests": int(num(row, "Request Count")), "errors": int(num(row, "Failure Count")),
                "rps": round(num(row, "Requests/s"), 1), "p50_ms": num(row, "50%"), "p95_ms": num(row, "95%"),
                "p99_ms": num(row, "99%"), "max_ms": round(num(row, "Max Response Time"), 1)}

    total = next(entry(r) for r in rows if r["Name"] == "Aggregated")
    failures = []
    failures_csv = Path(f"{csv_prefix}_failures.csv")
    if failures_csv.exists():
        failures = [{"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
                    for r in csv.DictReader(open(failures_csv, encoding="utf-8"))]
    return {"total": total, "endpoints": [entry(r) for r in rows if r["Name"] != "Aggregated"], "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rate", type=float, default=5)
    parser.add_argument("--time", type=int, default=45, help="seconds of load")
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--output", default=str(BENCH_DIR / "loadtest.json"))
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"[loadtest] {message}", flush=True)

    services_env = {
        "JINWEI_PG_PORT": os.environ.get("JINWEI_PG_PORT", "54349"),
        "JINWEI_REDIS_PORT": os.environ.get("JINWEI_REDIS_PORT", "63819"),
        "JINWEI_SERVICES_DIR": os.environ.get("JINWEI_SERVICES_DIR", "/tmp/jinwei-loadtest-services"),
    }
    tmp = Path(tempfile.mkdtemp(prefix="jinwei-loadtest-"))
    app_env = {
        **os.environ, **services_env,
        "DATABASE_URL": f"postgres://jinwei@127.0.0.1:{services_env['JINWEI_PG_PORT']}/jinwei",
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "HTTPS": "0", "JINWEI_DEMO": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"), "LOG_LEVEL": "ERROR",
    }
    app_env.pop("CELERY_BROKER_URL", None)
    app_env.pop("CELERY_RESULT_BACKEND", None)
    started: list[subprocess.Popen] = []
    services_started = False

    def stop(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        log("starting PostgreSQL and Redis on loopback (tools/services.sh)")
        services_started = True  # a half-started cluster is stopped too
        subprocess.run([str(ROOT / "tools" / "services.sh"), "start"], env=app_env, check=True)
        os.environ.update(app_env)
        locust_env = seed(args.orgs, log)
        log("collecting static files")
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=app_env, check=True)
        port = free_port()
        log(f"gunicorn with {args.workers} workers on 127.0.0.1:{port}")
        gunicorn = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
             "--timeout", "60", "--log-level", "warning"], cwd=ROOT, env=app_env)
        started.append(gunicorn)
        host = f"http://127.0.0.1:{port}"
        wait_http(f"{host}/healthz", 60)
        prefix = tmp / "locust"
        log(f"locust: {args.users} users, {args.rate}/s spawn rate, {args.time} s")
        locust = subprocess.Popen(
            [str(VENV_BIN / "locust"), "-f", str(BENCH_DIR / "locustfile.py"), "--headless", "-u", str(args.users),
             "-r", str(args.rate), "-t", f"{args.time}s", "--stop-timeout", "5", "--host", host,
             "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env={**os.environ, **locust_env})
        started.append(locust)
        try:
            locust.wait(timeout=args.time + 90)
        except subprocess.TimeoutExpired:
            log("locust overran its time; stopping it")
            locust.terminate()
            locust.wait(timeout=15)
        summary = summarise(prefix)
        total = summary["total"]
        result = {
            "machine": _machine(), "database": "postgresql", "server": f"gunicorn {args.workers} sync workers",
            "users": args.users, "spawn_rate": args.rate, "seconds": args.time, "orgs": args.orgs,
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **summary,
        }
        Path(args.output).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print()
        print(f"{'endpoint':<16} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
        for e in summary["endpoints"] + [total]:
            print(f"{e['name']:<16} {e['requests']:>8} {e['errors']:>6} {e['rps']:>7} {e['p50_ms']:>7.0f} {e['p95_ms']:>7.0f} {e['p99_ms']:>7.0f}")
        for f in summary["failures"]:
            print(f"ERROR {f['count']}× {f['name']}: {f['error']}")
        print(f"\n{total['rps']} requests/s, p50 {total['p50_ms']:.0f} ms, p95 {total['p95_ms']:.0f} ms, "
              f"p99 {total['p99_ms']:.0f} ms, {total['errors']} errors; written {args.output}")
        return 1 if total["errors"] or total["requests"] == 0 else 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        if services_started:
            log("stopping PostgreSQL and Redis")
            subprocess.run([str(ROOT / "tools" / "services.sh"), "stop"], env=app_env)
        shutil.rmtree(tmp, ignore_errors=True)


def _machine() -> str:
    from bench.run import machine

    return machine()


if __name__ == "__main__":
    sys.exit(main())
