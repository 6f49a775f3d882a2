from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from generator.cli import main
from generator.files import output_lock
from generator.inputs.loader import load_account, load_library
from generator.plan.models import PLAN_SCHEMA_VERSION, Plan
from generator.render.documents import Documents
from generator.render.fingerprint import STAMP, fingerprint, shared_fingerprint
from generator.render.fonts import coverage
from generator.render.words import Words

LIB = ["--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks")]
ACCOUNTS = ROOT / "accounts"


def generate(tmp_path, *accounts, extra=()):
    return main(["generate", *LIB, *map(str, accounts), "-o", str(tmp_path / "out"), "--as-of", "2026-11-21", *extra])


# make test sends each file to one worker (pytest -n, --dist loadfile), so these documents are rendered once.
@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """One real run over the accounts these tests read: US, German, every script, long names, a hostile name."""
    root = tmp_path_factory.mktemp("generated")
    evil = yaml.safe_load((ACCOUNTS / "pinecone-bakery.yaml").read_text())
    evil["name"] = "../../../tmp/evil"
    (root / "evil.yaml").write_text(yaml.safe_dump(evil))
    long = yaml.safe_load((ACCOUNTS / "pinecone-bakery.yaml").read_text())
    long.update(name=LONG_NAME, executive_sponsor={"name": LONG_PERSON, "title": LONG_TITLE})
    (root / "long.yaml").write_text(yaml.safe_dump(long))
    assert generate(root, ACCOUNTS / "northwind-logistics.yaml", ACCOUNTS / "kestrel-analytics.yaml",
                    root / "evil.yaml", root / "long.yaml", ROOT / "tests" / "data" / "world-scripts.yaml") == 0
    return root / "out"


LONG_NAME = "Supercalifragilisticexpialidocious" * 5 + "Holdings"
LONG_PERSON, LONG_TITLE = "Maximiliansebastianfriedrichwilhelm" * 2, "ChiefExecutiveOfficerAndPresident" * 3
WORLD_FOLDER = "κόσμος-ёлка-شركة-חברה-कंपनी-บริษัท-中国公司-한국회사"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path: Path) -> list[str]:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                   reason="poppler-utils not installed")


@pytest.mark.slow
def test_generate_writes_every_format_per_account_and_keeps_the_plan_for_its_qbr(generated):
    folders = [p for p in generated.iterdir() if p.is_dir()]
    assert sorted(p.name for p in folders) == sorted(
        ["kestrel-analytics", "northwind-logistics", "tmp-evil", LONG_NAME.lower()[:60], WORLD_FOLDER])
    assert [p.name for p in generated.iterdir() if not p.is_dir()] == [".playbook.lock"]
    for folder in folders:
        assert sorted(p.name for p in folder.iterdir()) == [STAMP, "charter.docx", "charter.pdf", "history",
                                                            "plan.json", "qbr.pptx", "roadmap.pdf"]
        kept = list((folder / "history").iterdir())
        assert len(kept) == 1
        assert kept[0].read_bytes() == (folder / "plan.json").read_bytes()
    plan = json.loads((generated / "kestrel-analytics" / "plan.json").read_text())
    assert plan["account"]["name"] == "Kestrel Analytics"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_shows_the_plan_numbers(generated):
    folder = generated / "northwind-logistics"
    plan = Plan.model_validate_json((folder / "plan.json").read_text())
    words = Words(plan.account.locale)
    roadmap = subprocess.run(["pdftotext", "-layout", str(folder / "roadmap.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    charter = subprocess.run(["pdftotext", "-layout", str(folder / "charter.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    roadmap, charter = " ".join(roadmap.split()), " ".join(charter.split())
    assert f"{plan.council.champions_target:,}" in roadmap
    assert f"{plan.council.champions_target} champions in Slack: at least one for every 10 licensed seats, shared " \
           "across departments by headcount." in charter
    assert "Chaired by Priya Raman (Chief Operating Officer)".lower() in charter.lower()
    for q in plan.quarters:
        assert f"Quarter {q.number}: {words.say(q.theme)}" in roadmap
        for motion in words.say_all(q.motions):
            assert " ".join(motion.split()) in roadmap
    assert plan.lead_in is not None
    assert "Before the QBR on Jan 12, 2027" in roadmap
    for note in words.say_all(plan.lead_in.notes):
        assert " ".join(note.split()) in roadmap
    for item in plan.items:
        assert item.title in roadmap
        owners = words.listing([f"{o.name} ({o.title})" if o.name else o.title for o in item.owners])
        assert f"{'Owner' if len(item.owners) == 1 else 'Owners'}: {owners}" in roadmap
        for reason in words.say_all(item.reasons):
            assert " ".join(reason.split()) in roadmap
    for member in plan.council.members:
        assert (member.name or "To be named") in charter
    assert "Page 3 of " in roadmap  # the running footer
    assert "Prepared by Dana Reyes on Nov 21, 2026" in roadmap  # the running header


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("account", ["northwind-logistics", "kestrel-analytics"])
def test_the_customer_never_reads_our_scores_thresholds_or_capacity(generated, account):
    text = " ".join((pdf_text(generated / account / "roadmap.pdf") + pdf_text(generated / account / "charter.pdf"))
                    .split())
    for internal in ("Enablement rates", "predict retention", "allowed", "threshold", "Health score", "alert is"):
        assert internal not in text


def test_a_bad_account_stops_everything_before_anything_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    data = yaml.safe_load((ACCOUNTS / "kestrel-analytics.yaml").read_text())
    data["adoption"]["eng-runbookz"] = "adopted"
    bad.write_text(yaml.safe_dump(data))
    assert generate(tmp_path, ACCOUNTS / "brightline-studio.yaml", bad) == 2
    assert "unknown use case 'eng-runbookz' (did you mean 'eng-runbooks'?)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


PINNED = (ACCOUNTS / "brightline-studio.yaml").read_text()  # a sample account with a pin


@pytest.mark.parametrize(("edits", "expected"), [
    ({"company-docs: adopted": "company-docz: adopted"},
     ["adoption.company-docz: unknown use case 'company-docz' (did you mean 'company-docs'?)"]),
    ({"{persona: people, headcount": "{persona: peeple, headcount"}, ["unknown persona 'peeple'"]),
    ({"{persona: design, headcount": "{persona: designers, headcount"}, ["unknown persona 'designers'"]),
    ({"segment: scale": "segment: scael"}, ["segment: no playbook for segment 'scael'"]),
    ({"{use_case: design-system-docs, pin": "{use_case: design-system-dogs, pin"},
     ["adjustments[0].use_case: unknown use case 'design-system-dogs'"]),
    ({"{use_case: design-system-docs, pin": "{use_case: company-docs, pin"},
     ["'company-docs' is already adopted"]),
    ({"company-docs: adopted": "company-docz: adopted", "{persona: people, headcount": "{persona: peeple, headcount"},
     ["unknown use case 'company-docz'", "unknown persona 'peeple'"]),
])
def test_an_account_with_a_pin_and_another_problem_gets_located_errors(tmp_path, capsys, edits, expected):
    text = PINNED
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    account = tmp_path / "pinned.yaml"
    account.write_text(text)
    assert generate(tmp_path, account) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for message in expected:
        assert message in err
    for new in edits.values():  # each error is at the line of the edit
        line = next(n for n, t in enumerate(text.splitlines(), 1) if new in t)
        assert f"pinned.yaml:{line}:" in err
    assert not (tmp_path / "out").exists()


def test_an_account_the_planner_cannot_finish_in_its_budget_is_a_located_error(tmp_path, capsys, monkeypatch):
    import generator.generate as job

    never = threading.Event()
    library = load_library(ROOT / "usecases", ROOT / "playbooks")
    good = load_account(ACCOUNTS / "brightline-studio.yaml", library)
    planned = job.plan(library.map, library.playbooks[good.segment], good, as_of=date(2026, 11, 21))

    def stalls(umap, book, account, **kw):  # runs away on one account, and at once on the other: no race
        if account.name == "Runaway":
            never.wait(600)
        return planned

    monkeypatch.setattr(job, "plan", stalls)
    monkeypatch.setattr(job, "PLAN_SECONDS", 0.05)
    runaway = tmp_path / "runaway.yaml"
    runaway.write_text((ACCOUNTS / "pinecone-bakery.yaml").read_text().replace(
        "name: Pinecone Bakery Co.", "name: Runaway"))
    assert generate(tmp_path, ACCOUNTS / "brightline-studio.yaml", runaway) == 2
    err = capsys.readouterr().err
    line = next(n for n, t in enumerate(runaway.read_text().splitlines(), 1) if t.startswith("name:"))
    assert f"runaway.yaml:{line}:7: planning this account took longer than 0.05 s and was stopped" in err
    assert "brightline" not in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_the_same_account_twice_is_refused_before_anything_is_written(tmp_path, capsys):
    twin = tmp_path / "twin.yaml"
    twin.write_text((ACCOUNTS / "brightline-studio.yaml").read_text())
    assert generate(tmp_path, ACCOUNTS / "brightline-studio.yaml", twin) == 2
    err = capsys.readouterr().err
    first = ACCOUNTS / "brightline-studio.yaml"
    assert f"twin.yaml: account 'Brightline Studio' has the same account name as {first}" in err
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
    assert "Einführungs-Roadmap: Kestrel Analytics" in info  # the title speaks the account's language too
    assert "Mira Schneider" in info
    assert "A4" in info  # de-DE prints on A4


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


@pytest.mark.slow
@needs_poppler
@pytest.mark.skipif(bool(coverage().missing_families), reason="Noto fonts not installed; make installs them")
def test_every_script_prints_embedded_and_can_be_found_in_the_text(generated):
    folder = generated / WORLD_FOLDER
    text = pdf_text(folder / "roadmap.pdf") + pdf_text(folder / "charter.pdf")
    for name in ("Κόσμος", "Ёлка", "חברה", "מנהל הנדסה", "محمد", "प्रिया", "สมชาย ใจดี", "中国公司", "한국회사"):
        assert name in text, name
    fonts = pdf_fonts(folder / "charter.pdf")
    for family in ("Noto-Sans-Arabic", "Noto-Sans-Hebrew", "Noto-Sans-Devanagari", "Noto-Sans-Thai",
                   "Noto-Sans-CJK-JP", "Noto-Color-Emoji", "Inter"):
        assert any(family in row for row in fonts), (family, fonts)
    assert all(" yes yes " in row for row in fonts), fonts  # embedded and subset, every one


@pytest.mark.slow
@needs_poppler
def test_documents_without_emoji_take_no_glyph_from_the_emoji_font(generated):
    # The emoji font has digits too; unless it is kept to pictographs, every number prints from it.
    for name in ("roadmap.pdf", "charter.pdf"):
        assert not [row for row in pdf_fonts(generated / "kestrel-analytics" / name) if "Emoji" in row]


@pytest.mark.slow
@needs_poppler
def test_long_unbroken_names_wrap_and_every_column_stays(generated):
    charter = pdf_text(generated / LONG_NAME.lower()[:60] / "charter.pdf")
    joined = "".join(charter.split())
    for header in ("NAME", "TITLE", "DEPARTMENT", "ROLEONTHECOUNCIL"):
        assert header in joined
    for text in (LONG_NAME, LONG_PERSON, LONG_TITLE):
        assert text in joined
    roadmap = "".join(pdf_text(generated / LONG_NAME.lower()[:60] / "roadmap.pdf").split())
    assert LONG_NAME in roadmap


def test_a_character_no_font_has_is_a_located_error_and_nothing_is_written(tmp_path, capsys):
    data = yaml.safe_load((ACCOUNTS / "pinecone-bakery.yaml").read_text())
    data["csm"]["title"] = "Success \U00013000 Manager"
    (tmp_path / "glyph.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    assert generate(tmp_path, tmp_path / "glyph.yaml") == 2
    err = capsys.readouterr().err
    assert "glyph.yaml:" in err
    assert "csm.title: no font the documents use can print '\U00013000' (U+13000 EGYPTIAN HIEROGLYPH A001)" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@needs_poppler
def test_a_german_account_reads_german_words_dates_and_numbers(generated):
    roadmap = " ".join(pdf_text(generated / "kestrel-analytics" / "roadmap.pdf").split())
    charter = " ".join(pdf_text(generated / "kestrel-analytics" / "charter.pdf").split())
    for words in ("Zusammenfassung", "Drei Vereinbarungen für dieses QBR", "Seite 3 von", "Erstellt von Mira Schneider "
                  "am 21.11.2026", "Baut auf", "Quartal 1:"):
        assert words in roadmap, words
    for words in ("Charta des Lenkungskreises", "Mitglieder", "Unterschrift", "Bereichsleitung, Welle ab Quartal"):
        assert words in charter, words
    for english in ("Executive summary", "Page 3 of", "Why this, why now", "Nov 21, 2026"):
        assert english not in roadmap + charter, english


@pytest.mark.slow
def test_generate_stamps_each_folder_as_a_batch_would(generated):
    account = load_account(ACCOUNTS / "kestrel-analytics.yaml", load_library(ROOT / "usecases", ROOT / "playbooks"))
    shared = shared_fingerprint(ROOT / "usecases", ROOT / "playbooks")
    stamp = (generated / "kestrel-analytics" / STAMP).read_text().strip()
    assert stamp == fingerprint(shared, account, date(2026, 11, 21))


def test_a_run_on_a_folder_another_run_holds_is_refused(tmp_path, capsys):
    with output_lock(tmp_path / "out"):
        assert generate(tmp_path, ACCOUNTS / "pinecone-bakery.yaml") == 2
        assert main(["batch", str(ACCOUNTS), "-o", str(tmp_path / "out"), *LIB]) == 2
    err = capsys.readouterr().err
    assert err.count("is writing to this output folder; wait for it to finish or choose another folder with -o") == 2
    assert list((tmp_path / "out").iterdir()) == [tmp_path / "out" / ".playbook.lock"]


def _fake_render(library, account, as_of, previous=None, theme=None, *, outputs=None):
    """Documents that hold the account's notes, without laying out a PDF."""
    said = " ".join(account.notes).encode()
    plan = {"schema_version": PLAN_SCHEMA_VERSION, "account": {"next_qbr": "2999-01-01"}}
    return Documents({"roadmap.pdf": b"%PDF " + said, "charter.pdf": b"%PDF " + said,
                      "plan.json": json.dumps(plan).encode()})


def test_a_failed_write_leaves_the_accounts_folder_as_it_was_and_says_so_truly(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("generator.generate.render_account", _fake_render)
    account = yaml.safe_load((ACCOUNTS / "pinecone-bakery.yaml").read_text())
    (tmp_path / "pinecone.yaml").write_text(yaml.safe_dump(account))
    assert generate(tmp_path, tmp_path / "pinecone.yaml") == 0
    folder = tmp_path / "out" / "pinecone-bakery-co"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (tmp_path / "pinecone.yaml").write_text(yaml.safe_dump({**account, "notes": ["Renewal talks start in March"]}))
    shutil.rmtree(folder / "history")
    (folder / "history").write_text("in the way")
    capsys.readouterr()
    assert generate(tmp_path, tmp_path / "pinecone.yaml") == 2
    err = capsys.readouterr().err
    assert "cannot write: File exists; nothing half-written was left behind." in err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == {**before, "history": b"in the way"}


def test_a_damaged_kept_plan_stops_the_run_naming_it_and_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("generator.generate.render_account", _fake_render)
    kept = tmp_path / "out" / "pinecone-bakery-co" / "history" / "2026-01-12.plan.json"
    kept.parent.mkdir(parents=True)
    kept.write_text('{"schema_version": 3, "account": {"na')  # cut short
    assert generate(tmp_path, ACCOUNTS / "pinecone-bakery.yaml") == 2
    err = capsys.readouterr().err
    assert "history/2026-01-12.plan.json:1:35: not a plan.json: Unterminated string; " in err
    assert "restore this kept plan from a backup, or remove it" in err
    assert sorted(p.name for p in kept.parent.parent.iterdir()) == ["history"]


def test_a_step_the_csm_owns_is_never_overdue_to_the_customer_but_is_in_the_brief(shipped):
    from generator.plan.planner import plan
    from generator.render.documents import charter_html
    from generator.render.text import plan_text

    account = load_account(ACCOUNTS / "northwind-logistics.yaml", shipped)
    book = shipped.playbooks[account.segment]
    result = plan(shipped.map, book, account.model_copy(update={"onboarding_done": []}), as_of=date(2026, 11, 21))
    assert result.report_card is not None
    late = [s for s in result.report_card.steps if s.overdue]
    ours = [s for s in result.report_card.steps if s.rebooked and s.due < date(2026, 11, 21)]  # shown at the QBR
    assert ours, "the sample has a late step the CSM owns"
    assert not any(s.ours for s in late)
    assert all(s.owner == "CSM" for s in ours)
    html = charter_html(result, book)
    pieces = re.findall(r"<tr>.*?</tr>|<li>.*?</li>", html, re.S)

    def told_late(step) -> bool:
        shown = [p for p in pieces if step.title in p]
        assert shown, step.title
        return any("overdue" in p.lower() for p in shown)

    assert not any(told_late(s) for s in ours)
    assert all(told_late(s) for s in late if not s.ours)  # the customer's own late steps are still said
    assert f"Overdue and ours: {ours[0].title}" in plan_text(result)
