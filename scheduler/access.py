"""Who may do what: roles from the role file (`roles.toml`) and the identity provider's groups.

Four roles (docs/access.md):

- **coordinator** — everything, including publishing, incidents and the audit log;
- **rostering** (for a set of wards) — upload, plan and publish rotas of their wards;
- **manager** (for a set of wards) — see the coverage and print the notices of their wards;
- **employee** — "who do I call now?" for any ward: names and phone numbers only.

A person the role file (or the identity provider's `employee_id_claim`) links to **one** employee
number may also set the status of the outreach contacts they are on the team of, and enter their
own conversations count (*Kontaktstatus*); two different numbers for one person link none (fail closed).

The role file maps a person's subject (the identity provider's immutable id for them: Entra ID's
`oid`, else `sub`), a verified e-mail address, or a group (a value of the ID token's group claim,
e.g. an Entra ID group's object id) to a role and its wards; a person gets every grant that names
them or one of their groups. An e-mail grants a role only when the token says the provider
verified it (`email_verified` is true); the sign-in name (`preferred_username`, `upn`) never does,
because people can change it or the provider does not check it. Anyone signed in who matches
nothing gets `default_role` (employee unless the file says `"none"`). Without sign-in the app
runs as one local user with the coordinator's role.

Pure functions: the app reads the file with :mod:`scheduler.role_file` (its path is the server's
setting, never the page's) and the claims from `st.user`, and asks :class:`Access` what to show.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from scheduler.errors import Message

__all__ = ["Role", "Grant", "RoleFile", "Access", "PAGES", "LINKED_PAGES", "EMPLOYEE_ID", "WARD_ROLES", "LOCAL_USER", "access_for", "local_access",
           "user_id", "subject", "verified_email", "plain_email", "display_name", "SUBJECT_PREFIX", "linked_employee_id"]

#: The one user of an app without sign-in.
LOCAL_USER = "lokal"


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
    "contact_status": frozenset({Role.COORDINATOR}),
    "whatif": frozenset({Role.COORDINATOR}),
}
#: Pages also seen by anyone linked to their employee number (a supporter: their own contacts only).
LINKED_PAGES = frozenset({"contact_status"})
#: An employee number as the role file or a claim may give it: one word, no spaces.
EMPLOYEE_ID = re.compile(r"[A-Za-z0-9_.:+-]{1,40}")
#: The roles granted for a set of wards (the coordinator and employee roles never are).
WARD_ROLES = (Role.ROSTERING, Role.MANAGER)
#: Where each role starts (the first of its pages it has).
_LANDING = (("upload", Role.ROSTERING), ("upload", Role.COORDINATOR), ("coverage", Role.MANAGER), ("who", Role.EMPLOYEE))
#: Claims that may name the person on screen, never grant a role (anyone may set or change them).
_NAME_CLAIMS = ("name", "preferred_username", "upn")
#: The person's immutable id at the provider: Entra ID's object id, else the OpenID Connect subject.
_SUBJECT_CLAIMS = ("oid", "sub")
#: The audit log's id for a person without a verified e-mail: `sub:` and their subject.
SUBJECT_PREFIX = "sub:"
#: A plain e-mail address (RFC 5322's dot-atom local part, a host name with a dot): nothing around
#: it, no display name, no quotes, no comments — what a role file can name and compare.
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                          r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
#: A subject the audit log can hold as it is (a GUID, a number, a base64url string).
_PLAIN_SUBJECT = re.compile(r"[A-Za-z0-9_.:@+-]{1,255}")


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
    """The role file as read: grants by verified e-mail, by subject and by group, the default
    role, and its problems."""

    users: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)  # by e-mail, lower-case
    subjects: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)  # by `oid` / `sub`
    groups: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)
    default_role: Role | None = Role.EMPLOYEE
    groups_claim: str = "groups"
    employee_ids: Mapping[str, str] = field(default_factory=dict)  # `sub:<subject>`, `email:<address>` → number ("": two)
    employee_id_claim: str = ""  # the ID token claim with the person's employee number ("": none)
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
    employee_id: str = ""  # the person's employee number, when exactly one is linked to them ("": none)

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
        for role in WARD_ROLES:
            these = self.wards_for(role)
            if these is None:
                return None
            wards |= these
        return frozenset(wards)

    @property
    def all_wards(self) -> bool:
        return self.visible_wards() is None and bool(self.roles & {Role.COORDINATOR, *WARD_ROLES})

    def sees(self, ward: str) -> bool:
        wards = self.visible_wards()
        return wards is None or ward in wards

    def may_see_page(self, page: str) -> bool:
        if page in LINKED_PAGES and self.employee_id and self.roles:
            return True
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


def plain_email(value: object) -> str:
    """`value` lower-cased if it is a plain e-mail address exactly (no space around it, no display
    name), else "": a claim such as "KARI@sykehus.no " is not an address a role may be granted to."""
    if isinstance(value, str) and len(value) <= 254 and _PLAIN_EMAIL.fullmatch(value):
        return value.lower()
    return ""


def verified_email(claims: Mapping[str, object]) -> str:
    """The token's `email`, when the provider says it verified it (`email_verified` is the boolean
    true) and it is a plain address; else "". Entra ID sends no `email_verified` (docs/access.md)."""
    if claims.get("email_verified") is not True:
        return ""
    return plain_email(claims.get("email"))


def subject(claims: Mapping[str, object]) -> str:
    """The person's immutable id at the provider: `oid` (Entra ID's object id) when the token has
    one, else `sub`; "" when it is missing or not one printable word."""
    for claim in _SUBJECT_CLAIMS:
        value = claims.get(claim)
        if value is None:
            continue
        if isinstance(value, str) and 0 < len(value) <= 255 and value.isprintable() and not any(
                c.isspace() for c in value):
            return value
        return ""
    return ""


def user_id(claims: Mapping[str, object]) -> str:
    """Who the person is in the audit log, stable across sign-ins: their verified e-mail, else
    `sub:<subject>` (a subject with other characters than the log takes, by its SHA-256); "" for a
    token that names nobody."""
    email = verified_email(claims)
    if email:
        return email
    sub = subject(claims)
    if not sub:
        return ""
    if _PLAIN_SUBJECT.fullmatch(sub):
        return SUBJECT_PREFIX + sub
    return f"{SUBJECT_PREFIX}sha256-{hashlib.sha256(sub.encode()).hexdigest()[:32]}"


def display_name(claims: Mapping[str, object]) -> str:
    """A name to show for the person (never used to grant anything): `name`, else the sign-in name."""
    for claim in _NAME_CLAIMS:
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:200]
    return ""


def _claim_values(value: object) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def access_for(claims: Mapping[str, object], roles: RoleFile) -> Access:
    """The grants of the person the ID token `claims` describe: by subject, by verified e-mail, by
    group, else the default role (for anyone the token names)."""
    user = user_id(claims)
    sub, email = subject(claims), verified_email(claims)
    if not user:
        return Access(user="", name=display_name(claims))  # a token that names nobody: no role at all
    grants: list[Grant] = [*roles.subjects.get(sub, ()), *roles.users.get(email, ())]
    for group in _claim_values(claims.get(roles.groups_claim)):
        grants += roles.groups.get(group, ())
    if not grants and roles.default_role is not None:
        grants.append(Grant(roles.default_role))
    if grants and Grant(Role.EMPLOYEE) not in grants:
        grants.append(Grant(Role.EMPLOYEE))  # every signed-in person may see whom to call
    return Access(user=user, name=display_name(claims), grants=tuple(dict.fromkeys(grants)),
                  employee_id=linked_employee_id(claims, roles) if grants else "")


def linked_employee_id(claims: Mapping[str, object], roles: RoleFile) -> str:
    """The person's employee number: from the role file (by subject or verified e-mail) and the
    `employee_id_claim`; "" when none — or when they name different numbers (fail closed)."""
    found = set()
    sub, email = subject(claims), verified_email(claims)
    for key in (f"sub:{sub}" if sub else "", f"email:{email}" if email else ""):
        if key and key in roles.employee_ids:
            if not roles.employee_ids[key]:
                return ""  # the role file gave this person two numbers: none
            found.add(roles.employee_ids[key])
    if roles.employee_id_claim:
        value = claims.get(roles.employee_id_claim)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and EMPLOYEE_ID.fullmatch(value.strip()):
            found.add(value.strip())
    return found.pop() if len(found) == 1 else ""


