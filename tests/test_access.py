"""Roles from the role file and the identity provider's groups: who sees which page, for which wards."""

from __future__ import annotations

from scheduler.access import (
    PAGES,
    ROLES_ENV,
    Access,
    Grant,
    Role,
    access_for,
    local_access,
    parse_role_file,
    read_role_file,
    roles_path,
    user_id,
)

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
    kari = access_for({"email": "kari.nordmann@sykehus.no", "name": "Kari"}, roles)
    assert kari.roles == {Role.COORDINATOR, Role.EMPLOYEE} and kari.pages() == list(PAGES)
    assert kari.visible_wards() is None and kari.may_publish(["N-MED1", "X"])
    # Per is a manager by e-mail and, through a group in his ID token, also manages N-KIR1
    per = access_for({"email": "per@sykehus.no", "groups": ["ledere-kirurgi", "unknown"]}, roles)
    assert per.roles == {Role.MANAGER, Role.EMPLOYEE}
    assert per.wards_for(Role.MANAGER) == {"N-MED1", "N-KIR1"}
    assert per.pages() == ["who", "coverage"] and per.landing_page() == "coverage"
    assert not per.may_publish(["N-MED1"]) and not per.sees_drafts and not per.all_wards
    assert per.sees("N-KIR1") and not per.sees("N-MED2")
    # rostering staff of two wards may publish a rota of those wards, not one with a third
    ola = access_for({"preferred_username": "ola@sykehus.no", "groups": "7d1a3c1e-turnuskontoret"}, roles)
    assert ola.user == "ola@sykehus.no" and ola.has(Role.ROSTERING)
    assert ola.may_publish(["N-MED1", "N-MED2"]) and not ola.may_publish(["N-MED1", "N-KIR1"])
    assert "burden" not in ola.pages() and "audit" not in ola.pages() and "publish" in ola.pages()
    assert ola.text() == "rostering:N-MED1,N-MED2; employee"
    # anyone else who signs in is an employee: the call page only
    anne = access_for({"email": "anne@sykehus.no"}, roles)
    assert anne.roles == {Role.EMPLOYEE} and anne.pages() == ["who"] and anne.landing_page() == "who"


def test_default_role_none_lets_only_named_people_in():
    roles = parse_role_file(b'default_role = "none"\n[[grant]]\nemail = "kari@sykehus.no"\nrole = "coordinator"\n')
    assert access_for({"email": "anne@sykehus.no"}, roles).pages() == []
    assert access_for({"email": "kari@sykehus.no"}, roles).has(Role.COORDINATOR)
    assert access_for({}, roles).pages() == []  # a token without e-mail or subject is nobody


def test_a_bad_grant_is_left_out_with_a_message_and_the_others_apply():
    text = (b'default_role = "coordinator"\n'
            b'[[grant]]\nemail = "a@x.no"\nrole = "sjef"\n'
            b'[[grant]]\nemail = "b@x.no"\nrole = "manager"\n'
            b'[[grant]]\nrole = "coordinator"\n'
            b'[[grant]]\nemail = "c@x.no"\nrole = "rostering"\nwards = "*"\n')
    roles = parse_role_file(text)
    columns = [m.column for m in roles.messages]
    assert columns == ["default_role", "role", "wards", "email/group"]
    assert all(m.text_no and m.text_en and m.fix_no and m.fix_en and m.file == "roles.toml" for m in roles.messages)
    assert roles.default_role is Role.EMPLOYEE  # never everyone a coordinator by default
    assert access_for({"email": "c@x.no"}, roles).wards_for(Role.ROSTERING) is None  # "*": every ward
    assert access_for({"email": "b@x.no"}, roles).roles == {Role.EMPLOYEE}


def test_a_file_that_is_not_toml_gives_no_roles_and_says_where():
    roles = parse_role_file(b'[[grant]]\nemail = "kari@sykehus.no\nrole = "coordinator"\n')
    (message,) = roles.messages
    assert message.row == 2 and "TOML" in message.text_en
    assert access_for({"email": "kari@sykehus.no"}, roles).pages() == []


def test_the_file_comes_from_the_environment_and_a_missing_file_is_no_grants(tmp_path, monkeypatch):
    path = tmp_path / "roller.toml"
    monkeypatch.setenv(ROLES_ENV, str(path))
    assert roles_path() == path
    missing = read_role_file()
    assert not missing.found and missing.messages == () and missing.sha256 == ""
    assert access_for({"email": "anne@sykehus.no"}, missing).pages() == ["who"]
    path.write_bytes(ROLES)
    found = read_role_file()
    assert found.found and len(found.sha256) == 64 and "per@sykehus.no" in found.users


def test_user_id_prefers_the_email_claims_then_the_subject():
    assert user_id({"email": "A@B.no", "sub": "x"}) == "a@b.no"
    assert user_id({"upn": "u@b.no"}) == "u@b.no"
    assert user_id({"preferred_username": "not-an-email", "sub": "abc-123"}) == "abc-123"


def test_the_local_user_is_the_coordinator():
    local = local_access()
    assert local.local and local.has(Role.COORDINATOR) and local.pages() == list(PAGES)
    assert Access(user="x", grants=(Grant(Role.MANAGER, frozenset({"A"})),)).visible_wards() == {"A"}


def test_the_example_role_file_and_the_one_in_the_docs_read_without_a_message():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    example = read_role_file(root / "roles.example.toml")
    assert example.found and example.messages == ()
    assert access_for({"email": "Kari.Nordmann@sykehus.no"}, example).has(Role.COORDINATOR)
    docs = (root / "docs" / "access.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\ndefault_role.*?```", docs, re.S).group(0)[len("```toml\n"):-3]
    assert parse_role_file(block.encode()).messages == ()
