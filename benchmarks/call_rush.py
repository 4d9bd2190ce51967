"""`python -m benchmarks.call_rush [--sizes 25,50,100,200] [--app DIR]` — the call page at shift change
(issue 25): many visitors open `/hvem-ringer?post=<ward>` (a notice's QR code) at once.

It plans the bundled sample (`scheduler solve`), publishes it into a fresh store (`scheduler
publish`), starts the real server (`python -m streamlit run app.py`, the project's
`.streamlit/config.toml`, KOLLEGASTOTTE_TODAY inside the rota) and sends each wave of visitors at
once. Each visitor is a light client that does what a browser does after its cached static files:
it loads the page's HTML, then speaks Streamlit's websocket (`/_stcore/stream`: a `rerun_script`
BackMsg with the page and the ward in the query string) and reads the ForwardMsgs until the run
has finished. A visitor succeeds when the page drew the supporter on duty now for the ward — the
one the benchmark itself finds in the store (scheduler.report.call_now). Its time is from its
first request to the end of the run, as the server answers it (no browser rendering).

Recorded per wave: visitors, successes, p50/p95/max seconds, the server's CPU seconds, drafts
written to the store, and any error in the server's log; in benchmarks/RESULTS.md between the
markers `<!-- call_rush -->` … `<!-- /call_rush -->` (a run replaces the table of its own label,
`--label`). Pages not drawn within `--timeout` count as failures; p50/p95 are over the pages drawn. `--app DIR` runs another copy of the app
(the code before a change, for a before/after).

`--signed-in` runs the server as a hospital does, with sign-in on (an `[auth]` section in a secrets
file of this run, a role file granting nobody in the wave more than the employee's page), and every
visitor is a different employee arriving signed in: their browser carries Streamlit's signed
sign-in cookie, made here with the run's `cookie_secret` exactly as Streamlit's own sign-in makes
it (no identity provider is asked; Streamlit only asks it at «Logg inn»). Each visitor is a
person the store has not seen, so every one is the first visit of the day: the store remembers
their roles and their ward (`known_access`, `chosen_wards`) — the writes a rush of signed-in people
makes. Counted beside the drafts: the rows written to those two tables.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.common import ROOT

BEGIN, END = "<!-- call_rush -->", "<!-- /call_rush -->"
TODAY = "2027-01-13"  # inside the sample's dates (data/README.md)
WARDS = ("N-MED1", "S-MED1", "N-PSY1", "S-NEV2")
COOKIE_SECRET = "call-rush-benchmark-cookie-secret-not-for-production"
ERRORS = re.compile(r"Traceback|database is locked|OperationalError|Exception|Error", re.I)


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)


def published_store(folder: Path) -> Path:
    """The sample planned (20 s) and published into a fresh store."""
    env = {**os.environ}
    exe = Path(sys.executable).parent / "scheduler"
    _run([str(exe), "solve", "data/turnus.csv", "--supporters", "data/supporters.csv", "--wards", "data/wards.csv",
          "--rules", "data/rules.toml", "--out", str(folder / "out"), "--time-limit", "20"], env)
    store = folder / "store.sqlite3"
    _run([str(exe), "publish", "--store", str(store), str(folder / "out")], env)
    return store


def expected_now(store: Path, ward: str, moment: dt.datetime) -> str:
    """The name of the supporter on duty for `ward` at `moment` in the rota in force ("" if none)."""
    from scheduler.report.call_now import call_sheet, ward_lines
    from scheduler.store.publications import PublicationStore
    from scheduler.store.published import kept_phones, skeleton_instance

    rota = PublicationStore(store, purge=False).rota_in_force()
    instance = skeleton_instance(rota.tables, rota.summary, rota.rules_json, {})
    sheet = call_sheet(ward_lines(instance, rota.tables["assignments"], ward, kept_phones(rota.tables)), moment)
    return sheet.now.call_name if sheet.now is not None and sheet.now.status == "covered" else ""


def _moment() -> dt.datetime:
    from scheduler.localtime import now

    return dt.datetime.combine(dt.date.fromisoformat(TODAY), now().time().replace(tzinfo=None))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m streamlit run app.py` in `app_dir`, with the project's config and its own store."""

    def __init__(self, app_dir: Path, store: Path, log: Path, options: list[str] = (), sample: bool = False,
                 signed_in: bool = False) -> None:
        self.port = _free_port()
        self.log = log
        self.signed_in = signed_in
        env = {**os.environ, "KOLLEGASTOTTE_DB": str(store), "KOLLEGASTOTTE_TODAY": TODAY, "PYTHONUNBUFFERED": "1",
               "PYTHONPATH": str(app_dir)}
        env.pop("KOLLEGASTOTTE_SAMPLE", None)
        env.pop("KOLLEGASTOTTE_STORE", None)  # the store given here, not the environment's
        if sample:
            env["KOLLEGASTOTTE_SAMPLE"] = "1"  # as `make run` starts it
        options = list(options)
        if signed_in:
            options.append(f"secrets.files={sign_in_setup(log.parent, self.port)}")
            env["KOLLEGASTOTTE_ROLES"] = str(log.parent / "roles.toml")
        self._out = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={self.port}",
                                      *(f"--{o}" for o in options)],
                                     cwd=app_dir, env=env, stdout=self._out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(log.read_text(errors="replace")[-2000:])

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()


def sign_in_setup(folder: Path, port: int) -> Path:
    """A secrets file with a usable `[auth]` section for a server on `port`, and a role file naming a
    coordinator who is not in the wave (so the employees get the call page only)."""
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "call-rush"
client_secret = "call-rush-secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
""", encoding="utf-8")
    (folder / "roles.toml").write_text('[[grant]]\nemail = "koordinator@sykehus.no"\nrole = "coordinator"\n',
                                       encoding="utf-8")
    return secrets


def signed_in_headers(port: int, person: int) -> tuple[list[str], str]:
    """The websocket's subprotocols and Cookie header of employee number `person`, signed in: the
    XSRF token (cookie and subprotocol, as the browser sends them) and Streamlit's sign-in cookie,
    signed with the run's secret as Streamlit's `/oauth2callback` signs it."""
    import json

    from streamlit.web.server.starlette.starlette_app_utils import (
        create_signed_value,
        generate_xsrf_token_string,
    )

    origin = f"http://127.0.0.1:{port}"
    claims = {"sub": f"ansatt-{person:04d}", "email": f"ansatt{person:04d}@sykehus.no", "email_verified": True,
              "name": f"Ansatt {person}", "origin": origin, "is_logged_in": True, "provider": "default"}
    user = create_signed_value(COOKIE_SECRET, "_streamlit_user", json.dumps(claims)).decode("latin-1")
    xsrf = generate_xsrf_token_string()
    return ["streamlit", xsrf], f"_streamlit_xsrf={xsrf}; _streamlit_user={user}"


async def visitor(port: int, ward: str, timeout: float, person: int | None = None) -> tuple[float | None, str]:
    """One phone opening the QR code's address: (seconds to the page drawn, the page's HTML text);
    signed in as employee `person` when given."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    protocols, cookie = (["streamlit"], "") if person is None else signed_in_headers(port, person)
    start = time.perf_counter()
    texts: list[str] = []
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)  # the page's HTML, as a browser asks
            writer.write(f"GET /hvem-ringer?post={ward} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         f"Connection: close\r\n\r\n".encode())
            await writer.drain()
            await reader.read()
            writer.close()
            async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=protocols,
                                          origin=f"http://127.0.0.1:{port}", max_size=None,
                                          additional_headers={"Cookie": cookie} if cookie else None) as ws:
                back = BackMsg()
                back.rerun_script.query_string = f"post={ward}"
                back.rerun_script.page_name = "hvem-ringer"
                await ws.send(back.SerializeToString())
                while True:
                    msg = ForwardMsg()
                    msg.ParseFromString(await ws.recv())
                    kind = msg.WhichOneof("type")
                    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        element = msg.delta.new_element
                        if element.WhichOneof("type") == "html":
                            texts.append(element.html.body)
                    elif kind == "script_finished":
                        if msg.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                            return time.perf_counter() - start, "".join(texts)
    except (TimeoutError, OSError, Exception) as exc:  # noqa: B014 - every failure is a failed visit
        return None, f"{type(exc).__name__}: {exc}"
    return None, ""


def _now_name(page: str) -> str | None:
    """The name on the page's «nå» card; "" when that card names nobody (the fallback chain), None
    when the page has no «nå» card at all."""
    import html

    card = re.search(r"<div class='kort naa'>(.*?)</div>", page, re.S)
    if card is None:
        return None
    found = re.search(r"<p class='navn'>(.*?)(?: <span|</p>)", card.group(1))
    return html.unescape(found.group(1)) if found else ""


async def wave(port: int, n: int, spread: float, timeout: float, first: int | None = None
               ) -> list[tuple[float | None, str, str]]:
    """`n` visitors over `spread` seconds; signed in as employees `first`, `first` + 1, … when given."""
    async def one(i: int):
        await asyncio.sleep(spread * i / max(n - 1, 1))
        ward = WARDS[i % len(WARDS)]
        seconds, page = await visitor(port, ward, timeout, None if first is None else first + i)
        return seconds, ward, page

    return await asyncio.gather(*(one(i) for i in range(n)))


def measure(app_dir: Path, store: Path, sizes: list[int], spread: float, timeout: float, work: Path,
            options: list[str] = (), sample: bool = False, signed_in: bool = False) -> list[dict]:
    rows = []
    for n in sizes:
        run_store = work / f"store_{n}.sqlite3"
        run_store.write_bytes(store.read_bytes())
        server = Server(app_dir, run_store, work / f"server_{n}.log", options, sample, signed_in)
        try:
            # warm-up: the server's first run imports the app (two people who are not in the wave)
            asyncio.run(wave(server.port, 2, 0, timeout, 9000 if signed_in else None))
            written0 = _people_rows(run_store)
            cpu0, moment = server.cpu_seconds(), _moment()
            expected = {w: {expected_now(run_store, w, moment)} for w in WARDS}
            began = time.perf_counter()
            results = asyncio.run(wave(server.port, n, spread, timeout, 0 if signed_in else None))
            wall = time.perf_counter() - began
            cpu = server.cpu_seconds() - cpu0
            later = _moment()
            for w in WARDS:
                expected[w].add(expected_now(run_store, w, later))  # a shift may change during the wave
        finally:
            server.stop()
        times = sorted(s for s, _, _ in results if s is not None)
        right = sum(1 for s, w, page in results if s is not None and _now_name(page) in expected[w])
        log = (work / f"server_{n}.log").read_text(errors="replace")
        errors = [line for line in log.splitlines() if ERRORS.search(line)]
        drafts = sqlite3.connect(run_store).execute("SELECT COUNT(*) FROM drafts").fetchone()[0]
        people = _people_rows(run_store) - written0
        q = statistics.quantiles(times, n=20, method="inclusive") if len(times) >= 2 else times * 19
        rows.append({"n": n, "ok": len(times), "right": right, "p50": statistics.median(times) if times else None,
                     "p95": q[18] if times else None, "max": times[-1] if times else None, "wall": wall, "cpu": cpu,
                     "drafts": drafts, "people": people, "errors": len(errors), "first_error": errors[0][:160] if errors else ""})
        print(rows[-1], flush=True)
    return rows


def _people_rows(store: Path) -> int:
    """Rows in the store's records of people (roles seen, wards chosen)."""
    with sqlite3.connect(store) as conn:
        return sum(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("known_access", "chosen_wards"))


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def table(label: str, rows: list[dict]) -> str:
    out = [f"**{label}**", "", "| visitors | page drawn | right supporter | p50 s | p95 s | max s | wave s | server CPU s "
           "| drafts written | people rows written | errors in log |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['n']} | {r['ok']} | {r['right']} | {_fmt(r['p50'])} | {_fmt(r['p95'])} | {_fmt(r['max'])} | "
                   f"{r['wall']:.1f} | {r['cpu']:.1f} | {r['drafts']} | {r.get('people', 0)} | {r['errors']}"
                   + (f" (`{r['first_error']}`)" if r["errors"] else "") + " |")
    return "\n".join(out)


def write_results(text: str, path: Path) -> None:
    """Put this run's table (headed by its label) in the block between the markers: in place of the
    table with the same label, else at the end of the block; the other runs' tables stay."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN not in old or END not in old:
        old = old.rstrip() + f"\n\n## The call page at shift change (`python -m benchmarks.call_rush`)\n\n{BEGIN}\n{END}\n"
    head, rest = old.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    label = text.split("\n", 1)[0]
    if label in block:
        start = block.index(label)
        after = block.find("\n\n**", start + len(label))
        after = block.find("\n\n", block.find("|", start)) if after < 0 else after
        block = block[:start] + text + (block[after:] if after >= 0 else "\n")
    else:
        block = block.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(head + BEGIN + block + END + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="25,50,100,200")
    parser.add_argument("--spread", type=float, default=0.0, help="seconds over which a wave arrives (0: at once)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--app", type=Path, default=ROOT, help="the app's folder (default: this one)")
    parser.add_argument("--label", default="")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="a Streamlit option for the server, e.g. runner.postScriptGC=true")
    parser.add_argument("--sample", action="store_true", help="start the server as `make run` does")
    parser.add_argument("--signed-in", action="store_true",
                        help="sign-in on; every visitor a different employee arriving signed in")
    parser.add_argument("--store", type=Path, help="a store with a rota published (default: the sample, planned now)")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="call_rush_") as tmp:
        work = Path(tmp)
        store = args.store or published_store(work)
        rows = measure(args.app.resolve(), store, sizes, args.spread, args.timeout, work, args.set, args.sample,
                       args.signed_in)
    label = args.label or (f"{args.app.resolve().name}, {dt.date.today().isoformat()}, arrivals over {args.spread:g} s"
                           + "".join(f", {o}" for o in args.set) + (", as `make run`" if args.sample else "")
                           + (", every visitor signed in" if args.signed_in else ""))
    text = table(label, rows)
    print(text)
    if not args.no_write:
        write_results(text, args.results)


if __name__ == "__main__":
    main()
