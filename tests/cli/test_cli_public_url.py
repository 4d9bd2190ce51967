"""`scheduler solve --public-url URL`: the command line's notices carry the app's QR code too."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.cli.main import main
from scheduler.io.filenames import safe_filename
from scheduler.report.call_now import PUBLIC_URL_ENV, call_page_url, qr_svg

URL = "https://kollegastotte.sykehus.no/app"


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    turnus = tmp_path / "turnus.csv"
    lines = ["employee_id,date,shift_code,ward,name"]
    for date in ("2027-01-04", "2027-01-05"):
        for ward in ("N-STAB1", "K-KIR2"):
            lines += [f"{ward}-1,{date},D,{ward},Person {ward}-1", f"{ward}-2,{date},D,{ward},Person {ward}-2"]
    turnus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    supporters = tmp_path / "supporters.csv"
    supporters.write_text("employee_id,phone\nN-STAB1-1,912 34 567\nK-KIR2-1,41234567\n", encoding="utf-8")
    return [str(turnus), "--supporters", str(supporters), "--deterministic", "--time-limit", "5", "--quiet"]


def _notices(out: Path) -> dict[str, str]:
    return {w: (out / "notices" / f"{safe_filename(w)}.html").read_text(encoding="utf-8") for w in ("N-STAB1", "K-KIR2")}


def test_each_notice_gets_the_qr_code_of_its_wards_call_page(inputs, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(PUBLIC_URL_ENV, raising=False)
    out = tmp_path / "out"
    assert main(["solve", *inputs, "--public-url", URL, "--out", str(out)]) == 0
    for ward, text in _notices(out).items():
        assert qr_svg(call_page_url(URL, ward), "Skann: hvem ringer jeg nå?") in text
        assert "<figcaption>Skann: hvem ringer jeg nå?</figcaption>" in text
    assert main(["verify", str(out)]) == 0  # the independent checker takes the QR code as the notice's own


def test_the_apps_setting_is_the_default_and_without_either_there_is_no_code(inputs, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(PUBLIC_URL_ENV, URL)
    assert main(["solve", *inputs, "--out", str(tmp_path / "env")]) == 0
    assert all(qr_svg(call_page_url(URL, w), "Skann: hvem ringer jeg nå?") in t for w, t in _notices(tmp_path / "env").items())
    monkeypatch.delenv(PUBLIC_URL_ENV)
    assert main(["solve", *inputs, "--out", str(tmp_path / "none")]) == 0
    assert not any("<svg" in t for t in _notices(tmp_path / "none").values())


def test_an_address_that_is_not_one_is_refused_before_any_work(inputs, tmp_path, capsys) -> None:
    assert main(["solve", *inputs, "--public-url", "kollegastotte.sykehus.no", "--out", str(tmp_path / "out"),
                 "--lang", "en"]) == 2
    assert "--public-url must be an absolute http(s) address" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

