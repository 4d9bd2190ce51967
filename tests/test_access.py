"""Roles from the role file and the identity provider's groups (scheduler/access.py): who sees which page,
for which wards; the role file itself is read in test_role_file.py (which shares ROLES)."""

from __future__ import annotations

from scheduler.access import PAGES, Access, Grant, Role, access_for, local_access, user_id
from scheduler.role_file import parse_role_file

ROLES = b"""
# Who may do what (docs/access.md)
default_role = "employee"
groups_claim = "groups"

[[grant]]
email = "Kari.Nordmann@Sykehus.no"
role = "coordinator"

[[grant]]
group = "7d1a3c1e-turnuskontoret"
role = "rostering"
wards = ["N-MED1", "N-MED2"]

[[grant]]
email = "per@sykehus.no"
role = "manager"
wards = ["N-MED1"]

[[grant]]
group = "ledere-kirurgi"
role = "leder"
wards = ["N-KIR1"]
"""


def test_roles_by_email_and_by_group_claim_combine():
    roles = parse_role_file(ROLES)
    assert roles.messages == ()
    kari = access_for({"email": "kari.nordmann@sykehus.no", "email_verified": True, "name": "Kari"}, roles)
    assert kari.roles == {Role.COORDINATOR, Role.EMPLOYEE} and kari.pages() == list(PAGES)
    assert kari.visible_wards() is None and kari.may_publish(["N-MED1", "X"])
    # Per is a manager by e-mail and, through a group in his ID token, also manages N-KIR1
    per = access_for({"email": "per@sykehus.no", "email_verified": True, "groups": ["ledere-kirurgi", "unknown"]}, roles)
    assert per.roles == {Role.MANAGER, Role.EMPLOYEE}
    assert per.wards_for(Role.MANAGER) == {"N-MED1", "N-KIR1"}
    assert per.pages() == ["who", "coverage"] and per.landing_page() == "coverage"
    assert not per.may_publish(["N-MED1"]) and not per.sees_drafts and not per.all_wards
    assert per.sees("N-KIR1") and not per.sees("N-MED2")
    # rostering staff of two wards may publish a rota of those wards, not one with a third
    ola = access_for({"sub": "u-ola", "preferred_username": "ola@sykehus.no", "groups": "7d1a3c1e-turnuskontoret"},
                     roles)
    assert ola.user == "sub:u-ola" and ola.name == "ola@sykehus.no" and ola.has(Role.ROSTERING)
    assert ola.may_publish(["N-MED1", "N-MED2"]) and not ola.may_publish(["N-MED1", "N-KIR1"])
    assert "burden" not in ola.pages() and "audit" not in ola.pages() and "publish" in ola.pages()
    assert ola.text() == "rostering:N-MED1,N-MED2; employee"
    # anyone else who signs in is an employee: the call page only
    anne = access_for({"email": "anne@sykehus.no", "email_verified": True}, roles)
    assert anne.roles == {Role.EMPLOYEE} and anne.pages() == ["who"] and anne.landing_page() == "who"


def test_user_id_is_the_verified_email_else_the_subject():
    assert user_id({"email": "A@B.no", "email_verified": True, "sub": "x"}) == "a@b.no"
    assert user_id({"email": "a@b.no", "email_verified": False, "sub": "x"}) == "sub:x"
    assert user_id({"upn": "u@b.no", "sub": "abc-123"}) == "sub:abc-123"
    assert user_id({"preferred_username": "p@b.no", "oid": "00000000-aaaa", "sub": "pairwise"}) == "sub:00000000-aaaa"
    assert user_id({"email": "o'brien@sykehus.no", "email_verified": True}) == "o'brien@sykehus.no"
    odd = user_id({"sub": "auth0|12345"})  # a subject the log cannot hold as it is: by its checksum, stably
    assert odd.startswith("sub:sha256-") and odd == user_id({"sub": "auth0|12345"}) != user_id({"sub": "auth0|1234"})
    assert user_id({"sub": "two words"}) == "" and user_id({}) == ""


# --- who is named by what (docs/access.md, «Who is who») ---------------------------------------------

WHO = b"""
[[grant]]
email = "kari@sykehus.no"
role = "coordinator"

[[grant]]
subject = "11111111-2222-3333-4444-555555555555"
role = "coordinator"

[[grant]]
email = "o'brien@sykehus.no"
role = "manager"
wards = ["N-MED1"]

[[grant]]
group = "ledere-med2"
role = "manager"
wards = ["N-MED2"]
"""


def test_an_unverified_email_gets_no_role_named_for_it():
    roles = parse_role_file(WHO)
    assert roles.messages == ()
    for verified in (False, "true", "True", 1, None):
        claims = {"sub": "attacker", "email": "kari@sykehus.no", "email_verified": verified}
        if verified is None:
            del claims["email_verified"]
        mallory = access_for(claims, roles)
        assert mallory.roles == {Role.EMPLOYEE} and mallory.user == "sub:attacker", verified


def test_an_email_with_whitespace_or_not_a_plain_address_grants_nothing():
    roles = parse_role_file(WHO)
    for email in ("KARI@sykehus.no ", " kari@sykehus.no", "kari@sykehus.no\n", "Kari <kari@sykehus.no>",
                  "kari@sykehus.no,x@y.no", "\"kari\"@sykehus.no", "kari@sykehus", "kari@@sykehus.no"):
        person = access_for({"sub": "s-1", "email": email, "email_verified": True}, roles)
        assert person.roles == {Role.EMPLOYEE} and person.user == "sub:s-1", email
    # the same address in another case, exactly, is the same person
    assert access_for({"sub": "s-1", "email": "KARI@Sykehus.NO", "email_verified": True}, roles).has(Role.COORDINATOR)


def test_the_sign_in_name_never_grants_a_role():
    roles = parse_role_file(WHO)
    for claim in ("preferred_username", "upn"):
        person = access_for({"sub": "s-2", claim: "kari@sykehus.no"}, roles)
        assert person.roles == {Role.EMPLOYEE} and person.user == "sub:s-2" and person.name == "kari@sykehus.no"


def test_a_subject_grant_names_the_entra_object_id_or_the_subject():
    roles = parse_role_file(WHO)
    oid = "11111111-2222-3333-4444-555555555555"
    entra = access_for({"oid": oid, "sub": "pairwise-sub", "name": "Kari N.", "preferred_username": "kn@x.no"}, roles)
    assert entra.has(Role.COORDINATOR) and entra.user == f"sub:{oid}" and entra.name == "Kari N."
    other = access_for({"sub": oid}, roles)  # a provider without `oid`: its `sub`
    assert other.has(Role.COORDINATOR)
    # with an `oid` in the token the subject is the `oid`: a `sub` equal to someone's object id is not them
    assert not access_for({"oid": "someone-else", "sub": oid}, roles).has(Role.COORDINATOR)
    assert not access_for({"oid": f" {oid}", "sub": oid}, roles).has(Role.COORDINATOR)  # not one word: nobody
    assert access_for({"oid": f" {oid}", "sub": oid}, roles).pages() == []


def test_a_verified_email_grants_its_role_also_with_an_apostrophe():
    roles = parse_role_file(WHO)
    kari = access_for({"sub": "s-3", "email": "kari@sykehus.no", "email_verified": True}, roles)
    assert kari.has(Role.COORDINATOR) and kari.user == "kari@sykehus.no"
    obrien = access_for({"sub": "s-4", "email": "O'Brien@sykehus.no", "email_verified": True}, roles)
    assert obrien.wards_for(Role.MANAGER) == {"N-MED1"} and obrien.user == "o'brien@sykehus.no"


def test_groups_grant_as_before_whatever_the_email():
    roles = parse_role_file(WHO)
    per = access_for({"sub": "s-5", "groups": ["ledere-med2"], "email": "per@x.no", "email_verified": False}, roles)
    assert per.wards_for(Role.MANAGER) == {"N-MED2"} and per.user == "sub:s-5"
    assert access_for({"groups": ["ledere-med2"]}, roles).pages() == []  # a token naming nobody gets nothing


def test_the_local_user_is_the_coordinator():
    local = local_access()
    assert local.local and local.has(Role.COORDINATOR) and local.pages() == list(PAGES)
    assert Access(user="x", grants=(Grant(Role.MANAGER, frozenset({"A"})),)).visible_wards() == {"A"}




# --- a person linked to their employee number (the contact status page, docs/access.md) --------------

def _linked(text: str, claims: dict) -> Access:
    from scheduler.role_file import parse_role_file

    return access_for(claims, parse_role_file(text.encode()))


ANNE = {"sub": "u-anne", "email": "anne@sykehus.no", "email_verified": True}


def test_a_grant_links_one_person_to_their_employee_number_and_the_status_page():
    anne = _linked('[[grant]]\nsubject = "u-anne"\nrole = "employee"\nemployee_id = "40866"\n', ANNE)
    assert anne.employee_id == "40866" and anne.may_see_page("contact_status") and anne.pages() == ["who", "contact_status"]
    other = _linked('[[grant]]\nsubject = "u-anne"\nrole = "employee"\nemployee_id = "40866"\n',
                    {"sub": "u-ola", "email": "ola@sykehus.no", "email_verified": True})
    assert other.employee_id == "" and not other.may_see_page("contact_status") and other.pages() == ["who"]


def test_the_employee_number_claim_links_and_two_numbers_link_none():
    by_claim = _linked('employee_id_claim = "employeeid"\n', {**ANNE, "employeeid": "40866"})
    assert by_claim.employee_id == "40866" and by_claim.may_see_page("contact_status")
    assert _linked('employee_id_claim = "employeeid"\n', {**ANNE, "employeeid": "4 0866"}).employee_id == ""
    two = ('employee_id_claim = "employeeid"\n[[grant]]\nemail = "anne@sykehus.no"\nrole = "employee"\n'
           'employee_id = "40866"\n')
    assert _linked(two, {**ANNE, "employeeid": "40866"}).employee_id == "40866"  # the same number twice: fine
    assert _linked(two, {**ANNE, "employeeid": "11111"}).employee_id == ""  # two numbers: none (fail closed)
    twice = ('[[grant]]\nsubject = "u-anne"\nrole = "employee"\nemployee_id = "40866"\n'
             '[[grant]]\nsubject = "u-anne"\nrole = "manager"\nwards = ["A"]\nemployee_id = "11111"\n')
    assert _linked(twice, ANNE).employee_id == ""


def test_an_employee_number_on_a_group_or_that_is_no_number_links_nobody_and_is_said():
    from scheduler.role_file import parse_role_file

    roles = parse_role_file(b'[[grant]]\ngroup = "g1"\nrole = "employee"\nemployee_id = "40866"\n'
                            b'[[grant]]\nsubject = "u-anne"\nrole = "employee"\nemployee_id = "40 866; drop"\n')
    assert [m.column for m in roles.messages] == ["employee_id", "employee_id"]
    assert access_for({**ANNE, "groups": ["g1"]}, roles).employee_id == ""


def test_an_unverified_email_links_no_number():
    roles = '[[grant]]\nemail = "anne@sykehus.no"\nrole = "employee"\nemployee_id = "40866"\n'
    assert _linked(roles, {**ANNE, "email_verified": "true"}).employee_id == ""
