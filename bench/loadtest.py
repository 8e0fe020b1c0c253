"""`make loadtest`: Jinwei under gunicorn on PostgreSQL, driven by locust, bounded in time; stops all it started.

    python -m bench.loadtest [--users 20] [--rate 5] [--time 45] [--orgs 200] [--workers 3]
                             [--participants 300] [--arrival 60] [--saturation-users 30] [--saturation-votes 600]
                             [--scenarios staff,meeting,questionnaires,saturation]

1. starts its own PostgreSQL (and Redis) with tools/services.sh on ports of its own
   (JINWEI_PG_PORT 54349, JINWEI_REDIS_PORT 63819, JINWEI_SERVICES_DIR /tmp/jinwei-loadtest-services);
2. migrates, builds the scale county (bench/scale.py, every module's ``scale(ctx)``), and calls
   ``bench/_participants.py`` ``prepare(ctx)``, which issues the participants' one-time codes through the
   services and returns the variables it exports to locust (code files);
3. collects static files and starts gunicorn (DEBUG off, HTTPS=0 so cookies work over http) on a free
   loopback port;
4. runs locust headless (bench/locustfile.py), one run per scenario, against the same server:
   - ``staff``: logged-in staff and secretaries browsing (StaffUser), --users at --rate/s for --time s;
   - ``meeting``: --participants voters arriving evenly over --arrival s (a meeting's arrival rate), each
     casting one ballot (BallotVoter, JINWEI_LT_VOTE_ONCE=1): the p95 to read;
   - ``questionnaires``: the same arrival of participants each answering one questionnaire (SurveyParticipant);
   - ``saturation``: --saturation-users voters casting back to back with no pause for --saturation-time s:
     the ballots/s of ``/ratings/vote/ POST`` is the saturation throughput of casting (--saturation-votes
     ballots, at most --saturation-time s);
5. after the runs, ``bench/_participants.py`` ``verify(summaries)`` compares the database with what
   locust saw accepted (votes and questionnaires stored = accepted = codes used);
6. prints requests/s, p50/p95/p99 and errors per scenario, writes bench/loadtest.json, stops gunicorn and
   the servers.

Exits 1 when a request failed or a count differs. Report tasks run in-process (no broker), as on a small install.
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
from pathlib import Path
from typing import Any

from bench import _participants as participants
from bench._participants import VOTE_POST

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
    exported = participants.prepare(ctx)
    log(f"participants' codes issued: exports {', '.join(exported)}")
    env.update({k: str(v) for k, v in exported.items()})
    from django.db import connections

    connections.close_all()
    return env


def verify(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """bench/_participants.py's ``verify``: the database against what locust saw accepted."""
    checks = participants.verify(summaries)
    from django.db import connections

    connections.close_all()
    return checks


def scenarios(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Locust user classes, users, spawn rate, seconds, environment and codes (kind, how many) of each
    scenario. A participant run ends when its codes are used up (each voter stops when none is left), so
    no vote is in flight when locust stops and the database can be compared with what locust counted;
    its seconds are only a bound. Locust's req/s counts up to the last request, not the idle tail."""
    arrival_rate = args.participants / args.arrival
    once = {"JINWEI_LT_VOTE_ONCE": "1"}
    return {
        "staff": {"classes": ["StaffUser"], "users": args.users, "rate": args.rate, "seconds": args.time, "env": {}},
        # everyone has arrived after --arrival s; 30 s more for the last ones to finish
        "meeting": {"classes": ["BallotVoter"], "users": args.participants, "rate": arrival_rate,
                    "seconds": args.arrival + 30, "env": once, "codes": ("ballots", args.participants)},
        "questionnaires": {"classes": ["SurveyParticipant"], "users": args.participants, "rate": arrival_rate,
                           "seconds": args.arrival + 30, "env": once, "codes": ("surveys", args.participants)},
        "saturation": {"classes": ["BallotVoter"], "users": args.saturation_users, "rate": args.saturation_users,
                       "seconds": args.saturation_time, "env": {"JINWEI_LT_THINK": "0,0"},
                       "codes": ("ballots", args.saturation_votes)},
    }


CODE_FILES = {"ballots": "JINWEI_LOADTEST_BALLOT_CODES", "surveys": "JINWEI_LOADTEST_CODES"}


def run_locust(name: str, spec: dict[str, Any], host: str, tmp: Path, env: dict[str, str], log) -> tuple[dict[str, Any], subprocess.Popen]:
    prefix = tmp / f"locust-{name}"
    if "codes" in spec:  # this run's own codes, none used before
        kind, n = spec["codes"]
        spec["env"][CODE_FILES[kind]] = participants.hand_out(kind, n, str(tmp / f"codes-{name}.txt"))
    log(f"locust {name}: {', '.join(spec['classes'])}, {spec['users']} users at {spec['rate']:.1f}/s, {spec['seconds']} s")
    locust = subprocess.Popen(
        [str(VENV_BIN / "locust"), "-f", str(BENCH_DIR / "locustfile.py"), "--headless", "-u", str(spec["users"]),
         "-r", str(spec["rate"]), "-t", f"{spec['seconds']}s", "--stop-timeout", "5", "--host", host,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", *spec["classes"]],
        cwd=ROOT, env={**os.environ, **env, **spec["env"]})
    try:
        locust.wait(timeout=spec["seconds"] + 90)
    except subprocess.TimeoutExpired:
        log("locust overran its time; stopping it")
        locust.terminate()
        locust.wait(timeout=15)
    summary = summarise(prefix)
    return {"scenario": name, "user_classes": spec["classes"], "users": spec["users"],
            "spawn_rate": round(spec["rate"], 2), "seconds": spec["seconds"], **summary}, locust


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
    parser.add_argument("--participants", type=int, default=300, help="participants of the meeting scenarios")
    parser.add_argument("--arrival", type=int, default=60, help="seconds over which the participants arrive")
    parser.add_argument("--saturation-users", type=int, default=30, help="voters casting back to back")
    parser.add_argument("--saturation-votes", type=int, default=600, help="ballots cast in the saturation run")
    parser.add_argument("--saturation-time", type=int, default=120, help="longest the saturation run may take, seconds")
    parser.add_argument("--scenarios", default="staff,meeting,questionnaires,saturation")
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
    (tmp / "media").mkdir()  # MEDIA_ROOT must exist (manage.py check, /healthz's storage check)
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
        runs = []
        chosen = scenarios(args)
        for name in [n.strip() for n in args.scenarios.split(",") if n.strip()]:
            result, process = run_locust(name, chosen[name], host, tmp, locust_env, log)
            started.append(process)
            runs.append(result)
        checks = verify(runs)
        result = {
            "machine": _machine(), "database": "postgresql", "server": f"gunicorn {args.workers} sync workers",
            "orgs": args.orgs, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "note": "the machine was shared with other work: compare scenarios of one run, not runs",
            "checks": checks, "runs": runs,
        }
        saturation = next((r for r in runs if r["scenario"] == "saturation"), None)
        if saturation is not None:
            cast = next((e for e in saturation["endpoints"] if e["name"] == VOTE_POST), None)
            result["saturation_ballots_per_s"] = cast["rps"] if cast else 0.0
        Path(args.output).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        failed = False
        for run in runs:
            total = run["total"]
            print(f"\n== {run['scenario']}: {run['users']} users at {run['spawn_rate']}/s for {run['seconds']} s")
            print(f"{'endpoint':<22} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
            for e in run["endpoints"] + [total]:
                print(f"{e['name']:<22} {e['requests']:>8} {e['errors']:>6} {e['rps']:>7} {e['p50_ms']:>7.0f} "
                      f"{e['p95_ms']:>7.0f} {e['p99_ms']:>7.0f}")
            for f in run["failures"]:
                print(f"ERROR {f['count']}× {f['name']}: {f['error']}")
            failed = failed or bool(total["errors"]) or total["requests"] == 0
        print()
        for key, value in checks.items():
            print(f"{key}: {value}")
            failed = failed or value is False
        if "saturation_ballots_per_s" in result:
            print(f"saturation throughput of casting: {result['saturation_ballots_per_s']} ballots/s")
        print(f"written {args.output}")
        return 1 if failed else 0
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
