"""Who may do what: roles from the role file (`roles.toml`) and the identity provider's groups.

Four roles (docs/access.md):

- **coordinator** — everything, including publishing, incidents and the audit log;
- **rostering** (for a set of wards) — upload, plan and publish rotas of their wards;
- **manager** (for a set of wards) — see the coverage and print the notices of their wards;
- **employee** — "who do I call now?" for any ward: names and phone numbers only.

The role file maps an e-mail address or a group (a value of the ID token's group claim, e.g. an
Entra ID group's object id) to a role and its wards; a person gets every grant that names them or
one of their groups. Anyone signed in who matches nothing gets `default_role` (employee unless the
file says `"none"`). Without sign-in the app runs as one local user with the coordinator's role.

Pure functions: the app reads the file (its path is the server's setting, never the page's) and
the claims from `st.user`, and asks :class:`Access` what to show.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from scheduler.io.types import Message, Severity

__all__ = ["Role", "Grant", "RoleFile", "Access", "ROLES_ENV", "DEFAULT_ROLES_PATH", "PAGES", "LOCAL_USER",
           "read_role_file", "parse_role_file", "access_for", "local_access", "user_id", "roles_path"]

#: Environment variable naming the role file; default ./roles.toml.
ROLES_ENV = "KOLLEGASTOTTE_ROLES"
DEFAULT_ROLES_PATH = "roles.toml"
#: The one user of an app without sign-in.
LOCAL_USER = "lokal"
#: At most this much role file is read (it lists people, not a rota).
MAX_ROLE_FILE_BYTES = 1_000_000


class Role(StrEnum):
    COORDINATOR = "coordinator"
    ROSTERING = "rostering"
    MANAGER = "manager"
    EMPLOYEE = "employee"


#: The app's pages and the roles that see them; a page not listed for a role is not shown to it.
PAGES: dict[str, frozenset[Role]] = {
    "who": frozenset(Role),
    "upload": frozenset({Role.COORDINATOR, Role.ROSTERING}),
    "rules": frozenset({Role.COORDINATOR, Role.ROSTERING}),
    "plan": frozenset({Role.COORDINATOR, Role.ROSTERING}),
    "coverage": frozenset({Role.COORDINATOR, Role.ROSTERING, Role.MANAGER}),
    "burden": frozenset({Role.COORDINATOR}),
    "export": frozenset({Role.COORDINATOR, Role.ROSTERING}),
    "publish": frozenset({Role.COORDINATOR, Role.ROSTERING}),
    "audit": frozenset({Role.COORDINATOR}),
    "followup": frozenset({Role.COORDINATOR}),
    "supporter": frozenset({Role.COORDINATOR}),
    "report": frozenset({Role.COORDINATOR}),
    "incident": frozenset({Role.COORDINATOR}),
}
_WARD_ROLES = (Role.ROSTERING, Role.MANAGER)
#: Where each role starts (the first of its pages it has).
_LANDING = (("upload", Role.ROSTERING), ("upload", Role.COORDINATOR), ("coverage", Role.MANAGER), ("who", Role.EMPLOYEE))
_EMAIL_CLAIMS = ("email", "preferred_username", "upn")


@dataclass(frozen=True)
class Grant:
    """One role, for a set of wards (None: every ward; the coordinator and employee roles are never limited)."""

    role: Role
    wards: frozenset[str] | None = None

    def text(self) -> str:
        if self.wards is None:
            return self.role.value
        return f"{self.role.value}:{','.join(sorted(self.wards))}"


@dataclass(frozen=True)
class RoleFile:
    """The role file as read: grants by e-mail and by group, the default role, and its problems."""

    users: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)
    groups: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)
    default_role: Role | None = Role.EMPLOYEE
    groups_claim: str = "groups"
    sha256: str = ""  # of the file's bytes ("" without a file)
    path: str = ""
    found: bool = False
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Access:
    """A person's grants, combined: what pages and actions they have, and for which wards."""

    user: str
    name: str = ""
    grants: tuple[Grant, ...] = ()
    local: bool = False  # no sign-in configured: the one local user

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)

    @property
    def signed_in(self) -> bool:
        return not self.local

    def has(self, role: Role) -> bool:
        return role in self.roles

    def wards_for(self, role: Role) -> frozenset[str] | None:
        """The wards `role` is granted for (None: all; empty: the role is not held)."""
        if role in (Role.COORDINATOR, Role.EMPLOYEE):
            return None if self.has(role) else frozenset()
        wards: set[str] = set()
        for g in self.grants:
            if g.role is role:
                if g.wards is None:
                    return None
                wards |= g.wards
        return frozenset(wards)

    def visible_wards(self) -> frozenset[str] | None:
        """The wards whose coverage this person sees (None: all)."""
        if self.has(Role.COORDINATOR):
            return None
        wards: set[str] = set()
        for role in _WARD_ROLES:
            these = self.wards_for(role)
            if these is None:
                return None
            wards |= these
        return frozenset(wards)

    @property
    def all_wards(self) -> bool:
        return self.visible_wards() is None and bool(self.roles & {Role.COORDINATOR, *_WARD_ROLES})

    def sees(self, ward: str) -> bool:
        wards = self.visible_wards()
        return wards is None or ward in wards

    def may_see_page(self, page: str) -> bool:
        return bool(PAGES.get(page, frozenset()) & self.roles)

    def pages(self) -> list[str]:
        return [p for p in PAGES if self.may_see_page(p)]

    def landing_page(self) -> str | None:
        return next((page for page, role in _LANDING if self.has(role)), None)

    def may_publish(self, wards: Iterable[str]) -> bool:
        """Publish (or withdraw) a rota of `wards`: the coordinator, or rostering staff of all of them."""
        if self.has(Role.COORDINATOR):
            return True
        mine = self.wards_for(Role.ROSTERING)
        return mine is None or (bool(mine) and set(wards) <= mine)

    @property
    def sees_drafts(self) -> bool:
        """Drafts are made by those who plan; managers and employees see published rotas only."""
        return bool(self.roles & {Role.COORDINATOR, Role.ROSTERING})

    def text(self) -> str:
        """The grants in a stable form for the audit log: `coordinator; manager:N-MED1,N-MED2`."""
        merged = [Grant(r, self.wards_for(r)) for r in Role if self.has(r)]
        return "; ".join(g.text() for g in merged)


def local_access() -> Access:
    """The one user of an app without sign-in: the coordinator (docs/access.md)."""
    return Access(user=LOCAL_USER, name="", grants=(Grant(Role.COORDINATOR), Grant(Role.EMPLOYEE)), local=True)


def user_id(claims: Mapping[str, object]) -> str:
    """The person's e-mail from the ID token (`email`, else Entra's `preferred_username` or `upn`),
    lower-cased; else the subject `sub`."""
    for claim in _EMAIL_CLAIMS:
        value = claims.get(claim)
        if isinstance(value, str) and "@" in value and len(value) <= 320:
            return value.strip().lower()
    sub = claims.get("sub")
    return str(sub).strip() if sub else ""


def _claim_values(value: object) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def access_for(claims: Mapping[str, object], roles: RoleFile) -> Access:
    """The grants of the person the ID token `claims` describe: by e-mail, by group, else the default."""
    user = user_id(claims)
    grants: list[Grant] = list(roles.users.get(user, ()))
    for group in _claim_values(claims.get(roles.groups_claim)):
        grants += roles.groups.get(group, ())
    if not grants and roles.default_role is not None and user:
        grants.append(Grant(roles.default_role))
    if grants and Grant(Role.EMPLOYEE) not in grants:
        grants.append(Grant(Role.EMPLOYEE))  # every signed-in person may see whom to call
    name = claims.get("name")
    return Access(user=user, name=str(name) if isinstance(name, str) else "", grants=tuple(dict.fromkeys(grants)))


def roles_path() -> Path:
    """Where the role file is: KOLLEGASTOTTE_ROLES, else ./roles.toml (the server's setting)."""
    return Path(os.environ.get(ROLES_ENV) or DEFAULT_ROLES_PATH)


def read_role_file(path: str | os.PathLike[str] | None = None) -> RoleFile:
    """The role file at `path` (default :func:`roles_path`); a missing file is no grants."""
    where = Path(path) if path is not None else roles_path()
    try:
        size = where.stat().st_size
        if size > MAX_ROLE_FILE_BYTES:
            return RoleFile(path=str(where), found=True, messages=(_msg(
                where.name, None, "", f"Rollefila er {size} byte (grense {MAX_ROLE_FILE_BYTES}); den er ikke lest.",
                f"The role file is {size} bytes (limit {MAX_ROLE_FILE_BYTES}); it was not read.",
                "Sjekk at det er riktig fil.", "Check that it is the right file."),))
        data = where.read_bytes()
    except FileNotFoundError:
        return RoleFile(path=str(where))
    except OSError as exc:
        return RoleFile(path=str(where), found=True, messages=(_msg(
            where.name, None, "", f"Rollefila kan ikke leses ({exc.strerror}).", f"The role file cannot be read ({exc.strerror}).",
            "Sjekk filens rettigheter.", "Check the file's permissions."),))
    return parse_role_file(data, where.name, str(where))


def _msg(file: str, row: int | None, column: str, no: str, en: str, fix_no: str, fix_en: str, raw: str = "") -> Message:
    return Message(severity=Severity.ERROR, file=file, row=row, column=column or None, text_no=no, text_en=en,
                   fix_no=fix_no, fix_en=fix_en, raw=raw[:200])


_ROLE_WORDS = {r.value: r for r in Role} | {"koordinator": Role.COORDINATOR, "turnus": Role.ROSTERING,
                                            "leder": Role.MANAGER, "ansatt": Role.EMPLOYEE}


def parse_role_file(data: bytes, name: str = "roles.toml", path: str = "") -> RoleFile:
    """Read a role file's bytes. A grant that cannot be used is left out with a message (file,
    entry, key, fix); the others apply. A file that is not TOML gives no grants at all."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        return RoleFile(sha256=digest, path=path, found=True, default_role=None, messages=(_msg(
            name, int(line.group(1)) if line else None, "", f"Rollefila er ikke gyldig TOML ({exc}); ingen roller gjelder.",
            f"The role file is not valid TOML ({exc}); no roles apply.",
            "Rett linja; se eksempelet i docs/access.md.", "Fix the line; see the example in docs/access.md."),))
    messages: list[Message] = []
    default_text = str(doc.get("default_role", "employee")).strip().lower()
    default_role: Role | None = None if default_text == "none" else _ROLE_WORDS.get(default_text)
    if default_text not in ("none", *_ROLE_WORDS):
        messages.append(_msg(name, None, "default_role", f"«{default_text}» er ingen rolle; ansatt brukes.",
                             f"«{default_text}» is no role; employee is used.",
                             "Skriv employee, manager, rostering, coordinator eller none.",
                             "Write employee, manager, rostering, coordinator or none.", default_text))
        default_role = Role.EMPLOYEE
    if default_role in (Role.COORDINATOR, Role.ROSTERING, Role.MANAGER):
        messages.append(_msg(name, None, "default_role", "Bare employee eller none kan være standardrolle; ansatt brukes.",
                             "Only employee or none can be the default role; employee is used.",
                             "Gi andre roller til navngitte personer eller grupper.",
                             "Give other roles to named people or groups.", default_text))
        default_role = Role.EMPLOYEE
    claim = str(doc.get("groups_claim", "groups")).strip() or "groups"
    users: dict[str, list[Grant]] = {}
    groups: dict[str, list[Grant]] = {}
    entries = doc.get("grant", [])
    if not isinstance(entries, list):
        entries = []
        messages.append(_msg(name, None, "grant", "«grant» må være en liste av [[grant]]-tabeller.",
                             "«grant» must be a list of [[grant]] tables.", "Skriv hver tildeling som [[grant]].",
                             "Write each grant as [[grant]]."))
    for number, entry in enumerate(entries, start=1):
        where_no, where_en = f"Tildeling nr. {number}", f"Grant no. {number}"
        if not isinstance(entry, dict):
            messages.append(_msg(name, None, "grant", f"{where_no} er ingen tabell.", f"{where_en} is not a table.",
                                 "Skriv den som [[grant]] med email eller group, role og wards.",
                                 "Write it as [[grant]] with email or group, role and wards."))
            continue
        role = _ROLE_WORDS.get(str(entry.get("role", "")).strip().lower())
        if role is None:
            messages.append(_msg(name, None, "role", f"{where_no}: «{entry.get('role', '')}» er ingen rolle; den er hoppet over.",
                                 f"{where_en}: «{entry.get('role', '')}» is no role; it was skipped.",
                                 "Skriv coordinator, rostering, manager eller employee.",
                                 "Write coordinator, rostering, manager or employee.", str(entry.get("role", ""))))
            continue
        wards: frozenset[str] | None = None
        raw_wards = entry.get("wards", "*" if role in (Role.COORDINATOR, Role.EMPLOYEE) else None)
        if role in _WARD_ROLES:
            if raw_wards == "*":
                wards = None
            elif isinstance(raw_wards, list) and raw_wards and all(isinstance(w, str) and w.strip() for w in raw_wards):
                wards = frozenset(w.strip() for w in raw_wards)
            else:
                messages.append(_msg(name, None, "wards", f"{where_no}: {role.value} trenger «wards», en liste av poster "
                                     "eller \"*\" for alle; den er hoppet over.",
                                     f"{where_en}: {role.value} needs «wards», a list of wards or \"*\" for all; it was "
                                     "skipped.", 'Skriv for eksempel wards = ["N-MED1", "N-MED2"].',
                                     'Write for example wards = ["N-MED1", "N-MED2"].'))
                continue
        grant = Grant(role, wards)
        email, group = entry.get("email"), entry.get("group")
        if isinstance(email, str) and "@" in email and not group:
            users.setdefault(email.strip().lower(), []).append(grant)
        elif isinstance(group, str) and group.strip() and not email:
            groups.setdefault(group.strip(), []).append(grant)
        else:
            messages.append(_msg(name, None, "email/group", f"{where_no} må ha enten «email» eller «group»; den er hoppet over.",
                                 f"{where_en} needs either «email» or «group»; it was skipped.",
                                 'Skriv email = "navn@sykehus.no" eller group = "<gruppens id>".',
                                 'Write email = "name@hospital.no" or group = "<the group\'s id>".'))
    return RoleFile(users={k: tuple(v) for k, v in users.items()}, groups={k: tuple(v) for k, v in groups.items()},
                    default_role=default_role, groups_claim=claim, sha256=digest, path=path, found=True,
                    messages=tuple(messages))
