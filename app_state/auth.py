"""Who is using the app: sign-in through Streamlit's own `st.login` / `st.user` / `st.logout`, and
their role from :mod:`scheduler.access` (docs/access.md).

Sign-in is on when `.streamlit/secrets.toml` has a usable `[auth]` section (OpenID Connect: the
hospital's Entra ID or another provider). Then a person who is not signed in sees only the
sign-in page, and a signed-in person gets the roles the role file (`KOLLEGASTOTTE_ROLES`, default
`./roles.toml`) gives their subject, their verified e-mail or a group in their ID token. Without
`[auth]`, and only while the server listens on loopback, the app runs as one local user with the
coordinator's role, and every page says so. Anything else — a secrets file or an `[auth]` section
that is there but cannot be used, or no sign-in on another address — stops the app with the
configuration error page (:func:`signin_setup`, scheduler/signin_setup.py).

Every page asks :func:`require` for its page name first; what a role may not do is not shown,
and a page reached anyway refuses. A change in a person's roles, or in the role file, is written
to the audit log (:meth:`scheduler.store.publications.PublicationStore.record_access`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from app_i18n import t
from app_state import keys, opened_store
from scheduler.access import Access, RoleFile, access_for, local_access
from scheduler.report.call_now import PUBLIC_URL_ENV, valid_public_url
from scheduler.role_file import read_role_file, roles_path
from scheduler.signin_setup import Mode, SecretsFile, Setup, check_setup

log = logging.getLogger(__name__)

#: The app's address as people reach it (for the QR codes on the notices); the server's setting.
#: The number to call when no supporter covers a shift (e.g. the switchboard); optional.
FALLBACK_PHONE_ENV = "KOLLEGASTOTTE_FALLBACK_PHONE"


def _shown(path: Path) -> str:
    """A secrets path as the error page names it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _secrets_files() -> list[SecretsFile]:
    """Streamlit's `secrets.files`, as they are on disk now."""
    files = []
    for entry in st.get_option("secrets.files") or []:
        path = Path(entry)
        if path.is_dir():
            files.append(SecretsFile(_shown(path), is_folder=True))
            continue
        try:
            files.append(SecretsFile(_shown(path), data=path.read_bytes()))
        except FileNotFoundError:
            files.append(SecretsFile(_shown(path)))
        except OSError as exc:
            files.append(SecretsFile(_shown(path), error=exc.strerror or type(exc).__name__))
    return files


def signin_setup() -> Setup:
    """Sign-in, the local user, or refused (scheduler/signin_setup.py): from the secrets files, the
    `[auth]` section Streamlit holds (also what a test sets) and the address the server listens on."""
    auth: object = None
    error = ""
    try:
        if st.secrets.load_if_toml_exists():
            auth = st.secrets.get("auth")
    except Exception as exc:  # Streamlit could not load them; the files' own check says where
        error = type(exc).__name__
    return check_setup(_secrets_files(), auth, st.get_option("server.address"), secrets_error=error)


@st.cache_resource(show_spinner=False, max_entries=32)
def _log_refusal(text: str) -> bool:
    """Once per server start (per distinct problem), not on every page run."""
    log.error("the app refuses to serve: sign-in is set up wrongly: %s (docs/access.md)", text)
    return True


def log_refusal(setup: Setup) -> None:
    _log_refusal("; ".join(problem.text() for problem in setup.problems))


def configured() -> bool:
    """Sign-in is on: a usable `[auth]` section."""
    return signin_setup().mode is Mode.SIGNIN


def providers() -> list[str | None]:
    """The providers to offer: None for the one in `[auth]` itself, then each `[auth.<name>]`."""
    return list(signin_setup().providers)


@st.cache_resource(max_entries=4)
def _role_file(path: str, mtime_ns: int, size: int) -> RoleFile:  # noqa: ARG001 - the key: a changed file is read again
    return read_role_file(path)


def role_file() -> RoleFile:
    """The role file as it is now (read again when it changes)."""
    path = roles_path()
    try:
        info = path.stat()
        return _role_file(str(path), info.st_mtime_ns, info.st_size)
    except OSError:
        return read_role_file(path)


def current() -> Access | None:
    """The person using this session: the local coordinator without sign-in (on loopback only),
    None when nobody is signed in yet — or when the set-up is refused: never the local user then."""
    mode = signin_setup().mode
    if mode is Mode.LOCAL:
        return local_access()
    if mode is Mode.REFUSED:
        return None
    if not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    roles = role_file()
    access = access_for(claims, roles)
    seen = (access.user, roles.sha256, access.text())
    if st.session_state.get(keys.ACCESS_RECORDED) != seen and access.user:
        try:
            store = opened_store.store()
            store.record_roles_file(roles.sha256)
            store.record_access(access.user, access.text())
            st.session_state[keys.ACCESS_RECORDED] = seen
        except ValueError:  # the store does not take this id: said once per session, not on every run
            log.warning("the audit log refused the user id %r; the roles are not recorded", access.user)
            st.session_state[keys.ACCESS_RECORDED] = seen
        except Exception:  # the page still works; the next run tries again
            log.exception("recording the person's roles failed")
        for message in roles.messages:
            log.warning("role file: %s", message.render("en"))
    return access


def actor() -> str:
    """Who acts, for the audit log: the signed-in person's id (verified e-mail, else `sub:<subject>`;
    scheduler.access.user_id), else `lokal`."""
    access = current()
    return access.user if access is not None and access.user else "lokal"


def require(page: str) -> Access:
    """The person, if they may see `page`; else the page says so and stops."""
    access = current()
    if access is None or not access.may_see_page(page):
        st.error(t("forbidden"), icon=":material/block:")
        st.stop()
    return access


def may_see(page: str) -> bool:
    access = current()
    return access is not None and access.may_see_page(page)


def public_url() -> str:
    """The app's public address for QR codes (KOLLEGASTOTTE_PUBLIC_URL), or "" when not set or not valid."""
    url = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if url and not valid_public_url(url):
        log.warning("%s is not an absolute http(s) address: no QR codes on the notices", PUBLIC_URL_ENV)
        return ""
    return url


def fallback_phone() -> str:
    """The number to call when nobody covers (KOLLEGASTOTTE_FALLBACK_PHONE), or ""."""
    return " ".join(os.environ.get(FALLBACK_PHONE_ENV, "").split())[:32]


def role_names(access: Access) -> str:
    """The person's roles in words, with their wards: «leder (N-MED1, N-MED2)»."""
    parts = []
    for grant_role in ("coordinator", "rostering", "manager"):
        held = [g for g in access.grants if g.role.value == grant_role]
        if not held:
            continue
        wards = access.wards_for(held[0].role)
        parts.append(t(f"role_{grant_role}") + (f" ({', '.join(sorted(wards))})" if wards else ""))
    return ", ".join(parts) or t("role_employee")
