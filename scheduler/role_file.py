"""The role file (`roles.toml`, docs/access.md) read: who is granted which role, for which wards, by
subject, verified e-mail or group, and the default role — each grant that cannot be used left out
with a message (file, entry, key, fix) while the others apply.

Kept apart from the roles themselves (scheduler.access, which decides what a person may do from
what is read here): its path is the server's setting (KOLLEGASTOTTE_ROLES), never the page's, and
reading it is the one part of access control that touches a file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from pathlib import Path

from scheduler.access import EMPLOYEE_ID, WARD_ROLES, Grant, Role, RoleFile, plain_email, subject
from scheduler.errors import Message, Severity

__all__ = ["ROLES_ENV", "DEFAULT_ROLES_PATH", "MAX_ROLE_FILE_BYTES", "roles_path", "read_role_file", "parse_role_file"]

#: Environment variable naming the role file; default ./roles.toml.
ROLES_ENV = "KOLLEGASTOTTE_ROLES"
DEFAULT_ROLES_PATH = "roles.toml"
#: At most this much role file is read (it lists people, not a rota).
MAX_ROLE_FILE_BYTES = 1_000_000


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


def _link(entry: dict, who: str, employee_ids: dict[str, str], messages: list[Message], name: str, where_no: str,
          where_en: str) -> None:
    """A grant's `employee_id`: the person's employee number (a supporter sets their own contacts'
    status with it). Two different numbers for one person link none (kept as "": fail closed)."""
    if "employee_id" not in entry:
        return
    value = entry["employee_id"]
    value = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not EMPLOYEE_ID.fullmatch(value):
        messages.append(_msg(name, None, "employee_id", f"{where_no}: employee_id er ikke et ansattnummer; det er ikke "
                             "brukt.", f"{where_en}: employee_id is not an employee number; it is not used.",
                             'Skriv ansattnummeret, for eksempel employee_id = "40866".',
                             'Write the employee number, for example employee_id = "40866".'))
        return
    if employee_ids.get(who, value) != value:
        messages.append(_msg(name, None, "employee_id", f"{where_no}: personen har et annet ansattnummer i en annen "
                             "tildeling; ingen av dem brukes.", f"{where_en}: the person has another employee number in "
                             "another grant; neither is used.", "Gi personen ett ansattnummer.",
                             "Give the person one employee number."))
        value = ""
    employee_ids[who] = value if who not in employee_ids or employee_ids[who] else ""


#: The keys of a grant that say whom it is for; a grant names exactly one.
_WHO_KEYS = ("subject", "email", "group")
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
    employee_claim = str(doc.get("employee_id_claim", "") or "").strip()
    employee_ids: dict[str, str] = {}
    users: dict[str, list[Grant]] = {}
    subjects: dict[str, list[Grant]] = {}
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
                                 "Skriv den som [[grant]] med subject, email eller group, role og wards.",
                                 "Write it as [[grant]] with subject, email or group, role and wards."))
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
        if role in WARD_ROLES:
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
        named = {k: entry[k] for k in _WHO_KEYS if k in entry}
        value = next(iter(named.values()), None)
        kind = next(iter(named), "")
        if len(named) == 1 and kind == "email" and plain_email(str(value).strip()):
            users.setdefault(plain_email(str(value).strip()), []).append(grant)
            _link(entry, f"email:{plain_email(str(value).strip())}", employee_ids, messages, name, where_no, where_en)
        elif len(named) == 1 and kind == "subject" and isinstance(value, str) and subject({"sub": value.strip()}):
            subjects.setdefault(value.strip(), []).append(grant)
            _link(entry, f"sub:{value.strip()}", employee_ids, messages, name, where_no, where_en)
        elif len(named) == 1 and kind == "group" and isinstance(value, str) and value.strip():
            groups.setdefault(value.strip(), []).append(grant)
            if "employee_id" in entry:
                messages.append(_msg(name, None, "employee_id", f"{where_no}: en gruppe har ikke ett ansattnummer; "
                                     "employee_id er ikke brukt.", f"{where_en}: a group has no one employee number; "
                                     "employee_id is not used.", "Skriv employee_id på en tildeling med subject eller email.",
                                     "Write employee_id on a grant with subject or email."))
        else:
            messages.append(_msg(name, None, "subject/email/group",
                                 f"{where_no} må ha nøyaktig én av «subject», «email» (en e-postadresse) eller "
                                 "«group»; den er hoppet over.",
                                 f"{where_en} needs exactly one of «subject», «email» (an e-mail address) or «group»; "
                                 "it was skipped.",
                                 'Skriv subject = "<personens objekt-id>", email = "navn@sykehus.no" eller '
                                 'group = "<gruppens id>".',
                                 'Write subject = "<the person\'s object id>", email = "name@hospital.no" or '
                                 'group = "<the group\'s id>".'))
    return RoleFile(users={k: tuple(v) for k, v in users.items()}, groups={k: tuple(v) for k, v in groups.items()},
                    subjects={k: tuple(v) for k, v in subjects.items()},
                    default_role=default_role, groups_claim=claim, sha256=digest, path=path, found=True,
                    employee_ids=employee_ids, employee_id_claim=employee_claim,
                    messages=tuple(messages))
