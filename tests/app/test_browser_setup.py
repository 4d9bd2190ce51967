"""A sign-in set up wrongly stops the real server's app, at every address (docs/access.md, «When the
set-up is wrong»).

Each case starts `streamlit run app.py` with its own secrets file (Streamlit's `secrets.files`,
through STREAMLIT_SECRETS_FILES), store and role file: an unparseable secrets file, `[auth]`
without `redirect_uri`, a `cookie-secret` typo, `[auth]` without a provider, and no sign-in on a
server that listens on every address. Chromium then opens the app's start page and the address of
every page (and one that does not exist; the other cases a few of them): each shows the
configuration error in Norwegian and English — what is wrong and where — and nothing of the app: no menu, no page, no widget, not the
local user. The error is in the server log once, however many pages were asked for.
"""

from __future__ import annotations

import secrets

import pytest
from browser_helpers import (
    StreamlitServer,
    chromium_path,
    only_local,
    shot,
    wait_idle,
)

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`chromium` on PATH, or $CHROMIUM)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python package) is not installed")
expect = sync_api.expect

SECOND = 1000
ADDRESSES = ["", "last-opp", "belastning", "logg", "hendelse", "publiser", "hvem-ringer?post=N-MED1", "logg-inn",
             "finnes-ikke"]
# One broken set-up is tried at every address; the refusal is one guard before any page is chosen
# (app.py), so the others are tried at the start page, a deep link, the log and an unknown address.
SOME_ADDRESSES = ["", "hvem-ringer?post=N-MED1", "logg", "finnes-ikke"]
EVERY_ADDRESS_CASE = "cookie_secret_typo"
APP_HEADINGS = ["Last opp turnus og kollegastøtter", "Logg over publiseringer, hendelser og roller", "Hvem ringer jeg nå?",
                "Kollegastøtte – logg inn", "Publiser vaktplanen"]


def _auth(*, drop: tuple[str, ...] = (), rename: tuple[str, str] | None = None, break_quote: bool = False) -> str:
    rows = ["# sign-in (docs/access.md)", "[auth]", 'redirect_uri = "http://127.0.0.1:8501/oauth2callback"',
            f'cookie_secret = "{secrets.token_urlsafe(32)}"', 'client_id = "kollegastotte"',
            'client_secret = "hemmelig"', 'server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"']
    if break_quote:
        rows[4] = 'client_id = "kollegastotte'  # one unclosed quote, on line 5
    rows = [r for r in rows if not (drop and r.startswith(drop))]  # drop: the keys left out
    if rename:
        rows = [r.replace(rename[0], rename[1], 1) if r.startswith(rename[0]) else r for r in rows]
    return "\n".join(rows) + "\n"


CASES = {  # name: (secrets file text or None for no file, server address, what the page says, in Norwegian)
    "unparseable": (_auth(break_quote=True), "127.0.0.1", "kan ikke leses som TOML"),
    "no_redirect_uri": (_auth(drop=("redirect_uri",)), "127.0.0.1", "[auth] mangler «redirect_uri»"),
    "cookie_secret_typo": (_auth(rename=("cookie_secret", "cookie-secret")), "127.0.0.1",
                           "mente du «cookie_secret»?"),
    "no_provider": (_auth(drop=("client_id", "client_secret", "server_metadata_url")), "127.0.0.1", "har ingen innloggingstjeneste"),
    "not_loopback": (None, "0.0.0.0", "serveren lytter på «0.0.0.0»"),
}
WHERE = {"unparseable": "linje 5", "no_redirect_uri": "linje 2", "cookie_secret_typo": "linje 4",
         "no_provider": "linje 2", "not_loopback": ""}


@pytest.mark.parametrize("case", list(CASES))
def test_a_sign_in_set_up_wrongly_stops_the_app_at_every_address(case, chromium, tmp_path):
    text, address, said = CASES[case]
    secrets_file = tmp_path / "secrets.toml"  # not written when the case has no secrets file
    if text is not None:
        secrets_file.write_text(text, encoding="utf-8")
    (tmp_path / "roles.toml").write_text('[[grant]]\nemail = "kari@sykehus.no"\nrole = "coordinator"\n', encoding="utf-8")
    guard_log = tmp_path / "guard.log"
    server = StreamlitServer(tmp_path / "store.sqlite3", tmp_path, guard_log=guard_log, address=address, env={
        "STREAMLIT_SECRETS_FILES": str(secrets_file), "KOLLEGASTOTTE_ROLES": str(tmp_path / "roles.toml"),
        "KOLLEGASTOTTE_SAMPLE": "1",  # the sample data the local user would get: never loaded here
        # on every address Streamlit would ask the network for the machine's addresses to print them
        "STREAMLIT_BROWSER_SERVER_ADDRESS": "127.0.0.1"})
    server.start()
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
    context.set_default_timeout(30 * SECOND)
    context.route("**/*", only_local(outside))
    page = context.new_page()
    try:
        for path in ADDRESSES if case == EVERY_ADDRESS_CASE else SOME_ADDRESSES:
            page.goto(f"{server.url}/{path}")
            expect(page.get_by_role("heading", name="Appen er stoppet: innloggingen er satt opp feil")).to_be_visible(
                timeout=60 * SECOND)
            wait_idle(page)
            expect(page.get_by_role("heading", name="The app is stopped: sign-in is set up wrongly")).to_be_visible()
            alert = page.get_by_test_id("stAlertContentError").first
            expect(alert).to_contain_text(said)
            if WHERE[case]:
                expect(alert).to_contain_text(WHERE[case])
                expect(alert).to_contain_text(str(secrets_file))  # the file, named where it is
            # nothing of the app: no menu, no page, no widget, no data, not the local user
            expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
            for heading in APP_HEADINGS:
                expect(page.get_by_role("heading", name=heading, exact=True)).to_have_count(0)
            for widget in ("stFileUploader", "stButton", "stSelectbox", "stRadio", "stDataFrame", "stTable"):
                expect(page.get_by_test_id(widget)).to_have_count(0)
            expect(page.get_by_text("Innlogging er ikke satt opp: appen kjører som én lokal bruker")).to_have_count(0)
            if path != "finnes-ikke":  # an unknown address: Streamlit says so, and shows the same page
                expect(page.get_by_text("Page not found")).to_have_count(0)
            if path == "logg":
                shot(page, f"setup_refused_{case}")
    except BaseException:
        shot(page, f"setup_failure_{case}")
        print(server.log_text()[-4000:])
        raise
    finally:
        context.close()
        server.stop()
    log = server.log_text()
    assert log.count("the app refuses to serve") == 1, log[-3000:]  # once per server start, not per page run
    assert "hemmelig" not in log
    assert outside == [], outside
    assert not guard_log.exists(), guard_log.read_text(encoding="utf-8")
