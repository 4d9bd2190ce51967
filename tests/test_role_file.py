"""The role file read (scheduler/role_file.py): where it comes from, a missing file, a file that is
not TOML, a grant that cannot be used left out with a message while the others apply, and the
example files reading without a message — each then asked of scheduler.access."""

from __future__ import annotations

from test_access import ROLES

from scheduler.access import Role, access_for
from scheduler.role_file import ROLES_ENV, parse_role_file, read_role_file, roles_path


def test_default_role_none_lets_only_named_people_in():
    roles = parse_role_file(b'default_role = "none"\n[[grant]]\nemail = "kari@sykehus.no"\nrole = "coordinator"\n')
    assert access_for({"email": "anne@sykehus.no", "email_verified": True}, roles).pages() == []
    assert access_for({"email": "kari@sykehus.no", "email_verified": True}, roles).has(Role.COORDINATOR)
    assert access_for({}, roles).pages() == []  # a token without e-mail or subject is nobody


def test_a_bad_grant_is_left_out_with_a_message_and_the_others_apply():
    text = (b'default_role = "coordinator"\n'
            b'[[grant]]\nemail = "a@x.no"\nrole = "sjef"\n'
            b'[[grant]]\nemail = "b@x.no"\nrole = "manager"\n'
            b'[[grant]]\nrole = "coordinator"\n'
            b'[[grant]]\nemail = "c@x.no"\nrole = "rostering"\nwards = "*"\n')
    roles = parse_role_file(text)
    columns = [m.column for m in roles.messages]
    assert columns == ["default_role", "role", "wards", "subject/email/group"]
    assert all(m.text_no and m.text_en and m.fix_no and m.fix_en and m.file == "roles.toml" for m in roles.messages)
    assert roles.default_role is Role.EMPLOYEE  # never everyone a coordinator by default
    assert access_for({"email": "c@x.no", "email_verified": True}, roles).wards_for(Role.ROSTERING) is None  # "*"
    assert access_for({"email": "b@x.no", "email_verified": True}, roles).roles == {Role.EMPLOYEE}


def test_a_file_that_is_not_toml_gives_no_roles_and_says_where():
    roles = parse_role_file(b'[[grant]]\nemail = "kari@sykehus.no\nrole = "coordinator"\n')
    (message,) = roles.messages
    assert message.row == 2 and "TOML" in message.text_en
    assert access_for({"email": "kari@sykehus.no", "email_verified": True}, roles).pages() == []


def test_the_file_comes_from_the_environment_and_a_missing_file_is_no_grants(tmp_path, monkeypatch):
    path = tmp_path / "roller.toml"
    monkeypatch.setenv(ROLES_ENV, str(path))
    assert roles_path() == path
    missing = read_role_file()
    assert not missing.found and missing.messages == () and missing.sha256 == ""
    assert access_for({"sub": "u-anne"}, missing).pages() == ["who"]
    path.write_bytes(ROLES)
    found = read_role_file()
    assert found.found and len(found.sha256) == 64 and "per@sykehus.no" in found.users


def test_a_grant_names_exactly_one_person_or_group():
    text = (b'[[grant]]\nemail = "a@x.no"\nsubject = "s-1"\nrole = "coordinator"\n'
            b'[[grant]]\nemail = "not an address"\nrole = "coordinator"\n'
            b'[[grant]]\nsubject = "two words"\nrole = "coordinator"\n'
            b'[[grant]]\nsubject = "s-2"\nrole = "coordinator"\n')
    roles = parse_role_file(text)
    assert [m.column for m in roles.messages] == ["subject/email/group"] * 3
    assert set(roles.subjects) == {"s-2"} and not roles.users


def test_the_example_role_file_and_the_one_in_the_docs_read_without_a_message():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    example = read_role_file(root / "roles.example.toml")
    assert example.found and example.messages == ()
    assert access_for({"email": "Kari.Nordmann@sykehus.no", "email_verified": True}, example).has(Role.COORDINATOR)
    assert access_for({"oid": "00000000-0000-0000-0000-00000000000a"}, example).has(Role.COORDINATOR)
    docs = (root / "docs" / "access.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\ndefault_role.*?```", docs, re.S).group(0)[len("```toml\n"):-3]
    assert parse_role_file(block.encode()).messages == ()
