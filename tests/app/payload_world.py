"""A small hospital whose every name is a Markdown or HTML payload, for the tests that show the
app draws text from files as text (tests/app/test_app_plain_text.py, tests/app/test_browser_plain_text.py).

Built from the bundled sample (data/): the first three weeks, then ward ids and names, employee
names and ids, professions, a shift code, a slot name, a column header, phone numbers and the file
names themselves carry payloads that would fetch from, or link to, :data:`HOST` if any page drew
them as Markdown or HTML. Nothing listens on that address; a request to it is the failure.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
#: Where every payload points: a loopback address nothing serves, never this test server's.
HOST = "127.0.0.9"
IMAGE = f"![x](http://{HOST}/bilde.png)"
LINK = f"[klikk](http://{HOST}/lenke)"
HTML = f"<img src=http://{HOST}/html.png>"
BOLD = "**fet**"
PAYLOADS = (IMAGE, LINK, HTML, BOLD)
#: Ward ids with a payload (the others keep the sample's ids).
PAYLOAD_WARD = "N-MED1" + BOLD
LINK_WARD = "S-MED1" + LINK
WARD_IDS = {"N-MED1": PAYLOAD_WARD, "S-MED1": LINK_WARD}
#: A supporter whose employee id is a payload.
PAYLOAD_ID = "S" + BOLD
#: A shift code (codes are read in upper case, without brackets: an HTML payload survives).
PAYLOAD_CODE = f"D<IMG SRC=HTTP://{HOST}/KODE.PNG>"
NURSE = "sykepleier " + HTML
DOCTOR = "lege " + IMAGE
SLOT = "dag " + IMAGE
LAST_DAY = "2027-01-24"
#: File names: no slash is possible in one, but a browser reads `http:\\host\x` as `http://host/x`.
FILE_NAMES = {
    "turnus": f"turnus {LINK.replace('/', chr(92))}.csv",
    "supporters": f"kollegastøtter {IMAGE.replace('/', chr(92))}.csv",
    "wards": f"poster {HTML.replace('/', chr(92))}.csv",
    "shift_codes": f"koder {BOLD}.csv",
    "rules": f"regler {IMAGE.replace('/', chr(92))}.toml",
}


def _rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def files() -> dict[str, tuple[str, bytes]]:
    """kind -> (file name, bytes), as the upload page takes them."""
    header, turnus = _rows("turnus.csv")
    _, supporters = _rows("supporters.csv")
    ward_header, wards = _rows("wards.csv")
    ids = sorted({r["employee_id"] for r in supporters})
    renamed = {ids[0]: PAYLOAD_ID}
    turnus = [r for r in turnus if r["date"] <= LAST_DAY]
    for i, r in enumerate(turnus):
        r["ward"] = WARD_IDS.get(r["ward"], r["ward"])
        r["employee_id"] = renamed.get(r["employee_id"], r["employee_id"])
        r["name"] = f"{r['name']} {PAYLOADS[sum(map(ord, r['employee_id'])) % len(PAYLOADS)]}"
        r["profession"] = {"sykepleier": NURSE, "lege": DOCTOR}.get(r["profession"], r["profession"])
        r["shift_code"] = PAYLOAD_CODE if r["shift_code"] == "D" else r["shift_code"]
        r[IMAGE] = str(i % 2)  # a column nobody knows: its header is shown
    for r in wards:
        r["ward"] = WARD_IDS.get(r["ward"], r["ward"])
        r["name"] = f"{r['name']} {PAYLOADS[len(r['ward']) % len(PAYLOADS)]}"
    supporter_header = [*(c for c in _rows("supporters.csv")[0] if c != "phone"), "phone"]
    for i, r in enumerate(supporters):
        r["employee_id"] = renamed.get(r["employee_id"], r["employee_id"])
        r["name"] = f"{r['name']} {LINK}"
        r["leads_wards"] = ";".join(WARD_IDS.get(w, w) for w in r["leads_wards"].split(";") if w)
        r["phone"] = HTML if i == len(supporters) - 1 else f"9{i:07d}"  # the last one: a phone that is not one
    codes = f'code,start,end,kind,description\n"{PAYLOAD_CODE}",07:30,15:30,work,"{IMAGE}"\n'.encode()
    rules = (DATA / "rules.toml").read_text(encoding="utf-8").replace('name = "dag"', f'name = "{SLOT}"')
    return {"turnus": (FILE_NAMES["turnus"], _csv([*header, IMAGE], turnus)),
            "supporters": (FILE_NAMES["supporters"], _csv(supporter_header, supporters)),
            "wards": (FILE_NAMES["wards"], _csv(ward_header, wards)),
            "shift_codes": (FILE_NAMES["shift_codes"], codes),
            "rules": (FILE_NAMES["rules"], rules.encode("utf-8"))}


_UNESCAPED = re.compile(rf"\]\(http|(?<!\\)<img|\*\*fet\*\*|http://{re.escape(HOST)}", re.IGNORECASE)


def unescaped(text: str) -> list[str]:
    """The payloads `text` — a string Streamlit draws as Markdown — would draw as a link, an image,
    HTML or bold. What is escaped (`\\*`, `\\]\\(`, `\\<`, an autolink broken by a word joiner) is not."""
    return _UNESCAPED.findall(text)
