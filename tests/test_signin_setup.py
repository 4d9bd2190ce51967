"""Sign-in set-up fails closed (scheduler/signin_setup.py, docs/access.md «When the set-up is wrong»):
only a usable `[auth]` signs people in, only no `[auth]` on loopback runs as the local user, and
everything else is refused with what is wrong and where."""

from __future__ import annotations

import pytest

from scheduler.signin_setup import Mode, SecretsFile, check_auth, check_setup, is_loopback

FILE = ".streamlit/secrets.toml"
GOOD = b"""# sign-in
[auth]
redirect_uri = "https://kollegastotte.sykehus.no/oauth2callback"
cookie_secret = "abcdefghijklmnopqrstuvwxyz012345"
client_id = "kollegastotte"
client_secret = "hemmelig"
server_metadata_url = "https://login.example.no/.well-known/openid-configuration"
"""


def _setup(text: bytes | None, address: str = "127.0.0.1"):
    import tomllib

    files = [SecretsFile("~/.streamlit/secrets.toml"), SecretsFile(FILE, data=text)]
    try:
        auth = tomllib.loads(text.decode()).get("auth") if text is not None else None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        auth = None  # Streamlit could not load it either
    return check_setup(files, auth, address)


def test_a_usable_auth_section_signs_people_in_on_any_address():
    setup = _setup(GOOD, address="0.0.0.0")
    assert setup.mode is Mode.SIGNIN and setup.problems == () and setup.providers == (None,)


def test_no_auth_is_the_local_user_on_loopback_only():
    for address in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"):
        assert _setup(None, address).mode is Mode.LOCAL, address
        assert _setup(b'[other]\nx = 1\n', address).mode is Mode.LOCAL, address
    for address in ("", None, "0.0.0.0", "::", "10.0.0.5", "kollegastotte.sykehus.no"):
        setup = _setup(None, address)
        assert setup.mode is Mode.REFUSED, address
        (problem,) = setup.problems
        assert problem.code == "not_loopback" and problem.key == "server.address"
    assert not is_loopback("127.0.0.1.evil.no") and is_loopback(" 127.0.0.1 ")


def test_an_unparseable_file_is_refused_with_its_line():
    text = GOOD.replace(b'client_id = "kollegastotte"', b'client_id = "kollegastotte')
    setup = _setup(text)
    assert setup.mode is Mode.REFUSED
    (problem,) = setup.problems
    assert (problem.code, problem.file, problem.line) == ("unparseable", FILE, 5)
    assert "hemmelig" not in problem.text()  # never a secret's value
    setup = _setup(b"\xef\xbb\xbf" + GOOD.replace(b"# sign-in", "# pålogging".encode("latin-1")))
    assert [p.code for p in setup.problems] == ["not_utf8"]


@pytest.mark.parametrize(("drop", "key", "line"), [("redirect_uri", "redirect_uri", 2), ("cookie_secret", "cookie_secret", 2)])
def test_a_missing_required_key_is_refused(drop, key, line):
    text = b"\n".join(row for row in GOOD.splitlines() if not row.startswith(drop.encode()))
    setup = _setup(text, address="0.0.0.0")
    assert setup.mode is Mode.REFUSED
    assert [(p.code, p.key, p.line) for p in setup.problems] == [("missing_key", key, line)]


def test_a_typo_in_a_required_key_is_named_with_the_key_it_looks_like():
    setup = _setup(GOOD.replace(b"cookie_secret", b"cookie-secret"))
    assert setup.mode is Mode.REFUSED
    found = {(p.code, p.key, p.suggestion, p.line) for p in setup.problems}
    assert found == {("typo_key", "cookie-secret", "cookie_secret", 4), ("missing_key", "cookie_secret", "", 2)}
    setup = _setup(GOOD.replace(b"redirect_uri", b"redirect_url"))
    assert ("typo_key", "redirect_url", "redirect_uri") in {(p.code, p.key, p.suggestion) for p in setup.problems}
    # an unknown key unlike any known one is left alone (Streamlit passes some on to the provider)
    assert _setup(GOOD + b'prompt = "login"\n').mode is Mode.SIGNIN


def test_no_usable_provider_is_refused():
    head = b"\n".join(GOOD.splitlines()[:4])
    assert [p.code for p in _setup(head).problems] == ["no_provider"]
    partial = head + b'\nclient_id = "x"\n'
    assert {(p.code, p.key) for p in _setup(partial).problems} == {("missing_key", "client_secret"),
                                                                      ("missing_key", "server_metadata_url")}
    named = head + (b'\n[auth.entra]\nclient_id = "x"\nclient_secret = "y"\n'
                    b'server_metadata_url = "https://login.example.no/m"\n'
                    b'[auth.google]\nclient_id = "x"\nclient-secret = "y"\n'
                    b'server_metadata_url = "https://accounts.example.com/m"\n')
    setup = _setup(named)
    assert setup.mode is Mode.REFUSED
    assert {(p.code, p.section, p.key, p.line) for p in setup.problems} == {
        ("typo_key", "auth.google", "client-secret", 11), ("missing_key", "auth.google", "client_secret", 9)}
    fixed = named.replace(b"client-secret", b"client_secret")
    assert _setup(fixed).mode is Mode.SIGNIN and _setup(fixed).providers == ("entra", "google")
    assert [p.code for p in _setup(fixed.replace(b"[auth.google]", b"[auth.google_x]")).problems] == ["provider_name"]


def test_a_redirect_uri_must_end_in_the_callback():
    for uri in (b"https://kollegastotte.sykehus.no/", b"kollegastotte.sykehus.no/oauth2callback",
                b"https://kollegastotte.sykehus.no/oauth2callback/x", b""):
        text = GOOD.replace(b"https://kollegastotte.sykehus.no/oauth2callback", uri)
        setup = _setup(text)
        assert setup.mode is Mode.REFUSED, uri
        assert [(p.code, p.line) for p in setup.problems] in ([("redirect_uri", 3)], [("empty_value", 3)]), uri
    port = GOOD.replace(b"https://kollegastotte.sykehus.no/", b"http://localhost:{port}/")
    assert _setup(port).mode is Mode.SIGNIN  # Streamlit fills in {port}


def test_auth_that_is_no_table_and_a_secrets_path_streamlit_cannot_read_are_refused():
    assert [p.code for p in _setup(b'auth = "on"\n').problems] == ["auth_not_table"]
    assert [p.code for p in check_auth([], FILE)[0]] == ["auth_not_table"]
    bad = check_setup([SecretsFile("/etc/kollegastotte/secrets.txt", data=b"x")], None, "127.0.0.1")
    assert [p.code for p in bad.problems] == ["bad_path"] and bad.mode is Mode.REFUSED
    unreadable = check_setup([SecretsFile(FILE, error="Permission denied")], None, "127.0.0.1")
    assert [p.code for p in unreadable.problems] == ["unreadable"]
    assert check_setup([SecretsFile("/run/secrets", is_folder=True)], None, "127.0.0.1").mode is Mode.LOCAL
    assert check_setup([], None, "127.0.0.1", secrets_error="OSError").mode is Mode.REFUSED


def test_every_problem_has_its_text_in_both_languages():
    import re
    from pathlib import Path

    import app_i18n

    source = (Path(__file__).resolve().parents[1] / "scheduler" / "signin_setup.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'Problem\("(\w+)"', source))
    assert codes and all(f"setup_{code}" in app_i18n.TEXTS for code in codes), codes
