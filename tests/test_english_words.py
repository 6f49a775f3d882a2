"""scripts/english_words.py: a customer's documents speak their language, names and product names aside."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def english_words(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "english_words.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
@pytest.mark.parametrize(("account", "language"), [
    ("brueckner-maschinenbau", "de"), ("sakura-logistics", "ja"), ("pinecone-bakery", "fr"),
    ("orbital-systems", "ja"), ("pinecone-bakery", "de"),
])
def test_samples_print_no_english_words_in_their_language(account, language):
    done = english_words("--lang", language, f"accounts/{account}.yaml")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.slow
def test_an_untranslated_library_text_is_found(tmp_path):
    library = tmp_path / "usecases"
    library.mkdir()
    for path in (ROOT / "usecases").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        # Sakura's plan prints the runbooks metric: without its Japanese unit the English word shows.
        library.joinpath(path.name).write_text(text.replace("runbooks: {de: Runbooks, fr: runbooks, ja: 件}",
                                                            "runbooks: {de: Runbooks, fr: runbooks}"),
                                               encoding="utf-8")
    done = english_words("--lang", "ja", "--usecases", str(library), "accounts/sakura-logistics.yaml")
    assert done.returncode == 1
    assert "runbooks" in done.stdout
