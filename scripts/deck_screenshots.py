"""Screenshots of three converted QBR slides for the docs: docs/images/deck-*.png.

Renders two sample decks (Brightline Studio's against the plan kept for its last QBR, and
Orbital Systems', whose departments have adopted most), converts them with LibreOffice (a
profile of its own in a temporary folder) and rasterises three slides with pdftoppm.
Run from the repository root: python scripts/deck_screenshots.py
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from pptx import Presentation

from generator.history import read_plan_for
from generator.inputs.loader import load_account, load_library
from generator.render.documents import render_account
from generator.render.formats import Outputs

SINCE = Path("accounts/history/brightline-studio/2026-09-08.plan.json")
# Of each account's deck, the slides shown, by title, and the picture each becomes.
SHOTS = {"brightline-studio": {"Since our last review": "deck-since.png"},
         "orbital-systems": {"Where you are today": "deck-adoption.png", "Council and champions": "deck-council.png"}}


def main() -> None:
    library = load_library(Path("usecases"), Path("playbooks"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, shots in SHOTS.items():
            account = load_account(Path("accounts") / f"{name}.yaml", library)
            previous = read_plan_for(SINCE, account) if name == "brightline-studio" else None
            data = render_account(library, account, date(2026, 11, 20), previous,
                                  outputs=Outputs(("pptx",))).files["qbr.pptx"]
            titles = [s.shapes.title.text_frame.text for s in Presentation(io.BytesIO(data)).slides]
            deck = Path(tmp) / f"{name}.pptx"
            deck.write_bytes(data)
            subprocess.run(["soffice", f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(deck)], check=True, capture_output=True)
            for title, picture in shots.items():
                page = str(next(n for n, t in enumerate(titles, 1) if t.startswith(title)))  # its first page
                target = Path("docs/images") / picture
                subprocess.run(["pdftoppm", "-png", "-r", "72", "-singlefile", "-f", page, "-l", page,
                                str(deck.with_suffix(".pdf")), str(target.with_suffix(""))], check=True)
                print(target)


if __name__ == "__main__":
    main()
