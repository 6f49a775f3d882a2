"""Which library texts an account's documents would print in English, and --strict-language refusing them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SMALL_ACCOUNT
from generator.cli import main
from generator.inputs.models import Account
from generator.render.english import english_texts


def _account(**changes) -> Account:
    return Account.model_validate({**SMALL_ACCOUNT, **changes})


def _without_translation(shipped, use_case: str, language: str):
    """The shipped library with one use case's ``language`` translation taken out."""
    uc = shipped.map.use_cases[use_case]
    texts = {k: v for k, v in uc.translations.items() if k != language}
    use_cases = {**shipped.map.use_cases, use_case: uc.model_copy(update={"translations": texts})}
    return dataclasses.replace(shipped, map=dataclasses.replace(shipped.map, use_cases=use_cases, _languages={}))


@pytest.mark.parametrize("locale", ["en-US", "de-DE", "fr-FR", "ja-JP"])
def test_the_shipped_library_prints_nothing_in_english(shipped, locale):
    assert english_texts(shipped, _account(locale=locale)) == []


def test_a_missing_translation_of_an_offered_use_case_is_named_with_its_place(shipped):
    library = _without_translation(shipped, "company-wiki", "de")
    found = english_texts(library, _account(locale="de-AT"))
    assert [text.split(": ")[1] for text in found] == ["company-wiki.title", "company-wiki.summary",
                                                       "company-wiki.story", "company-wiki.training",
                                                       "company-wiki.success_metrics"]
    assert found[0].startswith("usecases/company.yaml:")
    assert english_texts(library, _account(locale="fr-FR")) == []  # French has it still


@pytest.mark.parametrize(("engineers", "counted"), [(False, False), (True, True)])
def test_a_use_case_counts_only_where_the_account_is_offered_it(shipped, engineers, counted):
    library = _without_translation(shipped, "eng-runbooks", "de")  # offered to digital accounts with engineers
    departments = SMALL_ACCOUNT["departments"] + (
        [{"persona": "engineering", "headcount": 5, "head": {"name": "Ada Park", "title": "CTO"}}] if engineers else [])
    found = english_texts(library, _account(locale="de-DE", departments=departments))
    assert any("eng-runbooks.title" in text for text in found) is counted


@pytest.fixture
def untranslated_step(tmp_path) -> tuple[list[str], Path]:
    """Library arguments for the shipped library less the digital playbook's German 'welcome-email' title, and a
    German copy of the digital sample account."""
    playbooks = tmp_path / "playbooks"
    shutil.copytree(ROOT / "playbooks", playbooks)
    book = yaml.safe_load((playbooks / "digital.yaml").read_text(encoding="utf-8"))
    del book["translations"]["de"]["onboarding_steps"]["welcome-email"]
    (playbooks / "digital.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    account = tmp_path / "accounts" / "pinecone.yaml"
    account.parent.mkdir()
    account.write_text(yaml.safe_dump({**SMALL_ACCOUNT, "locale": "de-DE"}, allow_unicode=True), encoding="utf-8")
    return ["--usecases", str(ROOT / "usecases"), "--playbooks", str(playbooks)], account


def test_strict_language_refuses_a_mixed_document_and_writes_nothing(untranslated_step, tmp_path, capsys):
    library, account = untranslated_step
    out = tmp_path / "out"
    assert main(["generate", *library, str(account), "-o", str(out), "--as-of", "2026-12-01",
                 "--strict-language"]) == 2
    err = capsys.readouterr().err
    assert "pinecone.yaml:" in err
    assert "locale: its documents would print 1 library text(s) in English" in err
    assert "digital.onboarding.steps[welcome-email]" in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_the_brief_says_which_texts_would_be_english(untranslated_step, capsys):
    library, account = untranslated_step
    assert main(["plan", *library, str(account), "--as-of", "2026-12-01", "--brief"]) == 0
    brief = capsys.readouterr().out
    assert "(internal) In English in the customer's documents, for want of a 'de' translation (1;" in brief
    assert "digital.onboarding.steps[welcome-email]" in brief.split("(internal) In English")[1]


def test_a_batch_fails_the_mixed_account_alone(untranslated_step, tmp_path, capsys):
    library, account = untranslated_step
    out = tmp_path / "out"
    assert main(["batch", *library, str(account.parent), "-o", str(out), "--as-of", "2026-12-01", "-j", "1",
                 "--strict-language"]) == 1
    captured = capsys.readouterr()
    assert "digital.onboarding.steps[welcome-email]" in captured.out + captured.err
    assert not any(out.rglob("*.pdf"))
