from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from generator.cli import main

LIB = ["--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks")]
ACCOUNTS = ROOT / "accounts"


def generate(tmp_path, *accounts, extra=()):
    return main(["generate", *LIB, *map(str, accounts), "-o", str(tmp_path / "out"), "--as-of", "2026-11-21", *extra])


# One worker runs every test that reads these documents, so they are rendered once (pytest -n, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("generated")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """One real run over the accounts these tests read: a US and a German one, and a hostile name."""
    root = tmp_path_factory.mktemp("generated")
    evil = yaml.safe_load((ACCOUNTS / "pinecone-bakery.yaml").read_text())
    evil["name"] = "../../../tmp/evil"
    (root / "evil.yaml").write_text(yaml.safe_dump(evil))
    assert generate(root, ACCOUNTS / "northwind-logistics.yaml", ACCOUNTS / "kestrel-analytics.yaml",
                    root / "evil.yaml") == 0
    return root / "out"


@pytest.mark.slow
def test_generate_writes_three_files_per_account(generated):
    assert sorted(p.name for p in generated.iterdir()) == ["kestrel-analytics", "northwind-logistics", "tmp-evil"]
    for folder in generated.iterdir():
        assert sorted(p.name for p in folder.iterdir()) == ["charter.pdf", "plan.json", "roadmap.pdf"]
    plan = json.loads((generated / "kestrel-analytics" / "plan.json").read_text())
    assert plan["account"]["name"] == "Kestrel Analytics"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_shows_the_plan_numbers(generated):
    folder = generated / "northwind-logistics"
    plan = json.loads((folder / "plan.json").read_text())
    roadmap = subprocess.run(["pdftotext", "-layout", str(folder / "roadmap.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    charter = subprocess.run(["pdftotext", "-layout", str(folder / "charter.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    roadmap, charter = " ".join(roadmap.split()), " ".join(charter.split())
    assert f"{plan['council']['champions_target']:,}" in roadmap
    assert "At least 120 champions" in charter
    for q in plan["quarters"]:
        assert f"Quarter {q['number']}: {q['theme']}" in roadmap
    for item in plan["items"]:
        assert item["title"] in roadmap
        assert f"Owner: {item['owner']['name'] or item['owner']['title']}" in roadmap
    for member in plan["council"]["members"]:
        assert (member["name"] or "To be named") in charter


def test_a_bad_account_stops_everything_before_anything_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    data = yaml.safe_load((ACCOUNTS / "kestrel-analytics.yaml").read_text())
    data["adoption"]["eng-runbookz"] = "adopted"
    bad.write_text(yaml.safe_dump(data))
    assert generate(tmp_path, ACCOUNTS / "brightline-studio.yaml", bad) == 2
    assert "unknown use case 'eng-runbookz' (did you mean 'eng-runbooks'?)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_two_accounts_with_one_folder_are_refused(tmp_path, capsys):
    twin = tmp_path / "twin.yaml"
    data = yaml.safe_load((ACCOUNTS / "brightline-studio.yaml").read_text())
    data["name"] = "Brightline  Studio!"
    twin.write_text(yaml.safe_dump(data))
    assert generate(tmp_path, ACCOUNTS / "brightline-studio.yaml", twin) == 2
    assert "would write to the same folder 'brightline-studio'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_hostile_name_stays_inside_the_output_folder(generated):
    assert (generated / "tmp-evil" / "roadmap.pdf").is_file()
    assert not (generated.parent.parent / "tmp").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("qpdf") is None or shutil.which("pdffonts") is None, reason="qpdf/poppler missing")
def test_pdfs_pass_qpdf_and_embed_every_font(generated):
    for name in ("roadmap.pdf", "charter.pdf"):
        path = generated / "kestrel-analytics" / name
        subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
        fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, fonts
        assert all(" yes yes " in row for row in rows), fonts
    info = subprocess.run(["pdfinfo", str(generated / "kestrel-analytics" / "roadmap.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert "Adoption roadmap: Kestrel Analytics" in info
    assert "Mira Schneider" in info
    assert "A4" in info  # de-DE prints on A4


@pytest.mark.slow
def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["generate", *LIB, str(ACCOUNTS / "pinecone-bakery.yaml"), "-o", str(blocker / "out"),
                 "--as-of", "2026-11-21"]) == 2
    err = capsys.readouterr().err
    assert "cannot write: Not a directory" in err
    assert "Traceback" not in err


def test_export_csv_reports_every_bad_account(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b"):
        data = yaml.safe_load((ACCOUNTS / "pinecone-bakery.yaml").read_text())
        data["segment"] = "digitl"
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data))
    assert main(["export-csv", *LIB, "a.yaml", "b.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.count("no playbook for segment 'digitl' (did you mean 'digital'?)") == 2
