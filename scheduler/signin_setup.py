"""Is sign-in set up so that the app may serve anyone? Checked before any page is drawn.

Security fails closed (docs/access.md, «When the set-up is wrong»): a secrets file that cannot be
read, or an `[auth]` section that Streamlit's `st.login` could not use, must not make the app fall
back to the local user with every right. Only two set-ups serve pages:

- **sign-in**: an `[auth]` section with `redirect_uri` (ending in `/oauth2callback`),
  `cookie_secret` and at least one complete provider (`client_id`, `client_secret`,
  `server_metadata_url` in `[auth]` itself or in each `[auth.<name>]`);
- **local**: no `[auth]` at all, and the server listening on this machine only (loopback).

Everything else is *refused*, with each problem named (file, key, line where known) for the
configuration error page. Pure functions: the app hands in the files' bytes, the `[auth]` section
Streamlit holds and the server address; nothing here reads settings itself.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlparse

__all__ = ["Mode", "Problem", "Setup", "SecretsFile", "check_setup", "check_auth", "parse_secrets_file",
           "is_loopback", "REQUIRED_KEYS", "PROVIDER_KEYS"]

#: What `[auth]` itself needs (Streamlit refuses to sign anyone in without them).
REQUIRED_KEYS = ("redirect_uri", "cookie_secret")
#: What each provider needs: in `[auth]` itself (the default provider) or in `[auth.<name>]`.
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
#: Other keys Streamlit reads; a key close to any known one but not it is taken for a typo.
_OPTIONAL_KEYS = ("client_kwargs", "expose_tokens")
_KNOWN_AUTH_KEYS = (*REQUIRED_KEYS, *PROVIDER_KEYS, *_OPTIONAL_KEYS)
_KNOWN_PROVIDER_KEYS = (*PROVIDER_KEYS, *_OPTIONAL_KEYS)
_CALLBACK = "/oauth2callback"


class Mode(StrEnum):
    SIGNIN = "signin"  # `[auth]` is usable: people sign in
    LOCAL = "local"  # no `[auth]`, loopback only: the one local user
    REFUSED = "refused"  # anything else: the configuration error page, nothing more


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the set-up. `code` names its text (app_i18n: `setup_<code>`); the
    other fields fill it in. Never a secret's value."""

    code: str
    file: str = ""
    line: int | None = None
    key: str = ""
    section: str = "auth"
    suggestion: str = ""
    detail: str = ""

    def text(self) -> str:
        """One line for the server log (English; the page has both languages)."""
        where = f"{self.file}" + (f", line {self.line}" if self.line else "")
        parts = [self.code, f"[{self.section}]" if self.key else "", self.key, self.suggestion and f"→ {self.suggestion}",
                 self.detail, f"({where})" if where else ""]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Setup:
    """The outcome: which mode, why not (for REFUSED), and the providers to offer (for SIGNIN:
    None for the one in `[auth]` itself, else each `[auth.<name>]`)."""

    mode: Mode
    problems: tuple[Problem, ...] = ()
    providers: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class SecretsFile:
    """One entry of Streamlit's `secrets.files` as found on disk: its bytes, or why none."""

    path: str  # as shown (relative to the working folder when inside it)
    data: bytes | None = None  # None: not there (a missing .toml is skipped, as Streamlit does)
    is_folder: bool = False  # a folder of secrets (Streamlit reads those itself)
    error: str = ""  # it exists but could not be read (the OS's reason)


def parse_secrets_file(file: SecretsFile) -> tuple[dict | None, Problem | None]:
    """The file's tables as Streamlit would read them (UTF-8, TOML), or the problem with it."""
    if file.error:
        return None, Problem("unreadable", file.path, detail=file.error)
    if file.is_folder:
        return None, None
    if not file.path.endswith(".toml"):  # Streamlit reads .toml files and folders, and fails on anything else
        return None, Problem("bad_path", file.path)
    if file.data is None:
        return None, None
    try:
        text = file.data.decode("utf-8")
    except UnicodeDecodeError:
        return None, Problem("not_utf8", file.path)
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        return None, Problem("unparseable", file.path, line=int(found.group(1)) if found else None, detail=str(exc))


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def _line(text: str, key: str, table: str) -> int | None:
    """The line of `key = …` inside `[table]`, or of the header `[table]` itself (`key` "")."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "").replace("'", "")
            if not key and current == table:
                return number
        elif key and current == table and re.match(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None


def _looks_like(key: str, known: Iterable[str]) -> str:
    """The known key `key` is probably a typo of, or "" (`cookie-secret` → `cookie_secret`)."""
    normal = re.sub(r"[\s.-]+", "_", key.strip().lower())
    known = tuple(known)
    if normal in known and normal != key:
        return normal
    close = difflib.get_close_matches(normal, known, n=1, cutoff=0.8)
    return close[0] if close else ""


def _url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value.replace("{port}", "8501"))
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_auth(section: object, file: str = "", text: str = "") -> tuple[list[Problem], tuple[str | None, ...]]:
    """What is wrong with an `[auth]` section (from `file`, whose `text` gives the lines), and the
    providers it offers. A section Streamlit could sign people in with, checked the way
    `st.login` checks it, plus typos of the keys it needs."""
    if not isinstance(section, Mapping):
        return [Problem("auth_not_table", file, _line(text, "auth", ""), key="auth")], ()
    problems: list[Problem] = []
    header = _line(text, "", "auth")

    def where(key: str, table: str = "auth") -> int | None:
        return _line(text, key, table) or header

    for key, value in section.items():
        if not isinstance(value, Mapping) and key not in _KNOWN_AUTH_KEYS:
            guess = _looks_like(str(key), _KNOWN_AUTH_KEYS)
            if guess:
                problems.append(Problem("typo_key", file, _line(text, str(key), "auth"), key=str(key), suggestion=guess))
    for key in REQUIRED_KEYS:
        if key not in section:
            problems.append(Problem("missing_key", file, header, key=key))
        elif not _text(section[key]):
            problems.append(Problem("empty_value", file, where(key), key=key))
    if _text(section.get("redirect_uri")) and not (
            _url(section["redirect_uri"]) and urlparse(str(section["redirect_uri"])).path.endswith(_CALLBACK)):
        problems.append(Problem("redirect_uri", file, where("redirect_uri"), key="redirect_uri"))

    providers: list[str | None] = []
    tables = {str(k): v for k, v in section.items() if isinstance(v, Mapping) and k != "client_kwargs"}
    if any(k in section for k in PROVIDER_KEYS):
        problems += _check_provider(section, "auth", file, header, where)
        providers.append(None)
    for name, table in tables.items():
        full = f"auth.{name}"
        table_line = _line(text, "", full) or header
        if "_" in name:
            problems.append(Problem("provider_name", file, table_line, key=name, section=full))
        for key in table:
            if not isinstance(table[key], Mapping) and key not in _KNOWN_PROVIDER_KEYS:
                guess = _looks_like(str(key), _KNOWN_PROVIDER_KEYS)
                if guess:
                    problems.append(Problem("typo_key", file, _line(text, str(key), full) or table_line, key=str(key),
                                            section=full, suggestion=guess))
        problems += _check_provider(table, full, file, table_line, lambda key, t=full: _line(text, key, t))
        providers.append(name)
    if not providers:
        problems.append(Problem("no_provider", file, header))
    return problems, tuple(providers)


def _check_provider(table: Mapping, section: str, file: str, header: int | None, where) -> list[Problem]:
    problems = []
    for key in PROVIDER_KEYS:
        if key not in table:
            problems.append(Problem("missing_key", file, header, key=key, section=section))
        elif not _text(table[key]):
            problems.append(Problem("empty_value", file, where(key) or header, key=key, section=section))
    if _text(table.get("server_metadata_url")) and not _url(table["server_metadata_url"]):
        problems.append(Problem("metadata_url", file, where("server_metadata_url") or header, key="server_metadata_url",
                                section=section))
    return problems


def is_loopback(address: object) -> bool:
    """The server listens on this machine only: `127.0.0.1` (any 127.x), `::1` or `localhost`.
    Unset or empty means every interface (Streamlit's default)."""
    if not isinstance(address, str) or not address.strip():
        return False
    host = address.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_setup(files: Iterable[SecretsFile], auth: object, address: object, *, secrets_error: str = "") -> Setup:
    """Decide the mode from the secrets files (as on disk), the `[auth]` section Streamlit holds
    (None: none) and the server address. `secrets_error`: Streamlit itself could not load them."""
    problems: list[Problem] = []
    auth_file, auth_text = "", ""
    for file in files:
        tables, problem = parse_secrets_file(file)
        if problem is not None:
            problems.append(problem)
        elif tables is not None and "auth" in tables:  # the last file with [auth] wins, as in Streamlit
            auth_file, auth_text = file.path, (file.data or b"").decode("utf-8")
    if secrets_error and not problems:
        problems.append(Problem("secrets_failed", detail=secrets_error))
    if problems:
        return Setup(Mode.REFUSED, tuple(problems))
    if auth is None:
        if is_loopback(address):
            return Setup(Mode.LOCAL)
        return Setup(Mode.REFUSED, (Problem("not_loopback", key="server.address", section="server",
                                            detail=str(address or "")),))
    found, providers = check_auth(auth, auth_file, auth_text)
    if found:
        return Setup(Mode.REFUSED, tuple(found))
    return Setup(Mode.SIGNIN, providers=providers)
