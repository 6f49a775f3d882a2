from __future__ import annotations

import io
import json
import shutil
import subprocess
import threading

import pytest
import yaml

from conftest import ROOT, persona, use_case, write_library
from generator.cli import main
from generator.cli.args import build_parser

LIB = ["--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks")]
# Characters a terminal acts on are refused in names (tests/inputs/test_fields.py) and reach the terminal only in
# file names (escaped there, below); a name keeps quotes, markup and other scripts exactly, on a terminal or not.
HOSTILE_NAME = "O'Brien & Söhne “Évil” <Corp> 株式会社さくら"
HOSTILE_SHOWN = HOSTILE_NAME


class Stream(io.TextIOWrapper):
    """A standard stream over bytes, as a pipe or a file is; ``tty`` makes it say it is a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def bytes(self) -> bytes:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue()


class Streams:
    def __init__(self, tty: bool) -> None:
        self.stdout, self.stderr = Stream(tty), Stream(tty)

    def out(self) -> str:
        return self.stdout.bytes().decode("utf-8")

    def err(self) -> str:
        return self.stderr.bytes().decode("utf-8")


def _streams(monkeypatch, tty: bool) -> Streams:
    """Standard output and error as a person's terminal, or as a pipe; set in the test itself, since pytest's own
    capture replaces them again after the fixtures are set up."""
    streams = Streams(tty)
    monkeypatch.setattr("sys.stdout", streams.stdout)
    monkeypatch.setattr("sys.stderr", streams.stderr)
    return streams


def hostile_account(folder, **fields) -> str:
    data = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump({**data, "name": HOSTILE_NAME, **fields}, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_validate_shipped_library(capsys):
    assert main(["validate", *LIB]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok: 53 use cases in 11 personas")
    assert err == ""


def test_validate_bad_library_exits_2_with_every_problem_and_no_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("a", ["nope"]), use_case("b", ["a", "zzz"])])])
    assert main(["validate", "--usecases", str(uc), "--playbooks", str(pb)]) == 2
    err = capsys.readouterr().err
    assert "usecases/eng.yaml:" in err
    assert "unknown use case 'nope'" in err
    assert "unknown use case 'zzz'" in err
    assert "Traceback" not in err
    assert err.rstrip().endswith("2 problems found; nothing was written.")


def test_missing_folders(tmp_path, capsys):
    assert main(["validate", "--usecases", str(tmp_path / "u"), "--playbooks", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "the use-case folder does not exist" in err
    assert "the playbook folder does not exist" in err


@pytest.mark.parametrize(("fmt", "marker"), [("svg", "<svg"), ("dot", "digraph usecases"), ("mermaid", "flowchart LR")])
def test_map_formats(tmp_path, fmt, marker):
    out = tmp_path / f"map.{fmt}"
    assert main(["map", *LIB, "--format", fmt, "-o", str(out)]) == 0
    assert out.read_text().lstrip().startswith(marker)


def test_map_writes_nothing_on_bad_library(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("a", ["a"])])])
    out = tmp_path / "map.svg"
    assert main(["map", "--usecases", str(uc), "--playbooks", str(pb), "-o", str(out)]) == 2
    assert not out.exists()


def test_schema_command_writes_every_schema(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "account.schema.json", "metrics.schema.json", "outcomes.schema.json", "plan.schema.json",
        "playbook.schema.json", "theme.schema.json", "tools.schema.json",
        "usecases.schema.json"]


def test_plan_prints_a_readable_summary(capsys):
    assert main(["plan", *LIB, str(ROOT / "accounts" / "brightline-studio.yaml"), "--as-of", "2026-11-21"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Brightline Studio (Scale), plan as of 21 Nov 2026")
    assert "Before the QBR: 21 Nov 2026 to 08 Dec 2026" in out
    assert "Quarter 1: 08 Dec 2026 to 08 Mar 2027 (QBR 08 Mar 2027)" in out
    assert "Incident and deploy runbooks [Engineering; Jonas Berg]" in out


def test_plan_json_matches_its_schema(capsys):
    import json

    import jsonschema

    kestrel = str(ROOT / "accounts" / "kestrel-analytics.yaml")
    assert main(["plan", *LIB, kestrel, "--as-of", "2026-11-21", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    jsonschema.validate(plan, json.loads((ROOT / "schemas" / "plan.schema.json").read_text()))
    assert plan["schema_version"] == 4
    assert {"use_case", "persona", "quarter", "start", "end", "owners", "requires", "reasons"} <= set(plan["items"][0])
    assert {"items", "backlog", "council", "enablement", "report_card", "risks"} <= set(plan)
    assert {"members", "champions_target"} <= set(plan["council"])


def test_plan_missing_account_file(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["plan", "nope.yaml"]) == 2
    assert "nope.yaml: cannot read the file" in capsys.readouterr().err


def test_plan_bad_date_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as info:
        main(["plan", "accounts/brightline-studio.yaml", "--as-of", "tomorrow"])
    assert info.value.code == 2
    assert "expected a date as YYYY-MM-DD, got 'tomorrow'" in capsys.readouterr().err


HOSTILE_FILES = {
    "syntax": "persona: x\nuse_cases: [\n",
    "tab": "persona: x\n\ttitle: y\n",
    "duplicate key": "persona: x\npersona: y\n",
    "python tag": "persona: !!python/object/apply:os.system ['true']\n",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    "deep nesting": "[" * 10_000 + "]" * 10_000,
    "empty": "",
    "not a mapping": "- a\n- b\n",
    "huge": "a: " + "x" * (20 * 1024 * 1024) + "\n",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_hostile_library_file_exits_2_with_a_located_message(tmp_path, capsys, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("a")])])
    (uc / "evil.yaml").write_text(HOSTILE_FILES[kind])
    assert main(["validate", "--usecases", str(uc), "--playbooks", str(pb)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usecases/evil.yaml:")
    assert "Traceback" not in err


def test_validate_lists_what_a_language_misses(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    uc, pb = write_library(tmp_path, [persona("eng", [use_case("eng-runbooks",
                                                               translations={"de": {"title": "Runbooks"}})])])
    assert main(["validate", "--usecases", str(uc), "--playbooks", str(pb), "--lang", "de"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok: 1 use cases")
    assert "usecases/eng.yaml:8:7: eng-runbooks.summary: no 'de' translation; documents in it use the English" in out
    assert any(line.startswith("playbooks/scale.yaml:") and "scale.council.purpose: no 'de'" in line for line in out)
    assert any("scale.onboarding.step_owners[CSM]: no 'de'" in line for line in out)
    assert not any("eng-runbooks.title" in line for line in out)
    assert out[-1] == "'de': 1 of 16 library texts translated, 15 missing"


def test_validate_refuses_a_language_that_is_not_a_code(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", *LIB, "--lang", "German"])
    assert info.value.code == 2
    assert "expected a two-letter language code" in capsys.readouterr().err


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--time-limit", "inf", "argument --time-limit: expected a number from 1 to 86,400, got 'inf'"),
    ("--time-limit", "nan", "argument --time-limit: expected a number from 1 to 86,400, got 'nan'"),
    ("--memory-limit", "99999999999999", "expected a number from 64 to 1,048,576, got '99999999999999'"),
    ("--jobs", "0", "argument -j/--jobs: expected a number from 1 to 256, got '0'"),
    ("--recycle-after", "many", "argument --recycle-after: expected a whole number, got 'many'"),
    ("--as-of", "0001-01-01", "argument --as-of: expected a date from 2000-01-01 to 2100-12-31, got '0001-01-01'"),
])
def test_batch_options_out_of_range_are_usage_errors(tmp_path, capsys, option, value, expected):
    with pytest.raises(SystemExit) as info:
        main(["batch", str(ROOT / "accounts"), "-o", str(tmp_path), option, value, *LIB])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("name", "named"), [
    ("Evil\x1b[31mRED\x1b]0;pwned\x07Corp", "control character U+001B (escape) at character 5"),
    ("Sneaky\u202eCorp", "right-to-left override U+202E at character 7"),
    ("Bell\x07\x9bCorp", "control character U+0007 (bell) at character 5"),
])
def test_a_name_with_terminal_codes_is_refused_without_repeating_them(tmp_path, capsys, name, named):
    data = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump({**data, "name": name}))
    assert main(["plan", *LIB, str(tmp_path / "evil.yaml"), "--brief", "--as-of", "2026-11-21"]) == 2
    captured = capsys.readouterr()
    assert f"name: the name holds a {named}" in captured.err
    assert not any(ch in captured.err + captured.out for ch in "\x1b\x07\x9b\u202e")


def test_a_pin_the_plan_cannot_keep_is_a_located_error(tmp_path, capsys):
    text = (ROOT / "accounts" / "brightline-studio.yaml").read_text().replace(
        "{use_case: design-system-docs, pin: 2,", "{use_case: eng-postmortems, pin: 1,")
    account = tmp_path / "brightline.yaml"
    account.write_text(text)
    assert main(["generate", *LIB, str(account), "-o", str(tmp_path / "out"), "--as-of", "2026-11-21"]) == 2
    err = capsys.readouterr().err
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "eng-postmortems, pin: 1" in t)
    assert f"brightline.yaml:{line}:" in err
    assert "adjustments[0].pin: Incident post-mortems cannot start in quarter 1" in err
    assert not (tmp_path / "out" / "brightline-studio").exists()


def test_a_bad_customer_logo_is_a_located_error(tmp_path, capsys):
    theme = tmp_path / "theme"
    (theme / "customers").mkdir(parents=True)
    (theme / "theme.yaml").write_text("organisation: Acme CS\n")
    (theme / "customers" / "northwind-logistics.svg").write_text("<html>not an svg</html>")
    account = ROOT / "accounts" / "northwind-logistics.yaml"
    code = main(["generate", *LIB, str(account), "-o", str(tmp_path / "out"), "--theme", str(theme)])
    assert code == 2
    err = capsys.readouterr().err
    line = next(n for n, t in enumerate(account.read_text().splitlines(), 1) if t.startswith("logo:"))
    assert f"northwind-logistics.yaml:{line}:7: logo: the file is not an SVG image" in err
    assert not (tmp_path / "out" / "northwind-logistics").exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_theme_puts_the_sender_on_the_cover(tmp_path):
    out = tmp_path / "out"
    assert main(["generate", *LIB, str(ROOT / "accounts" / "northwind-logistics.yaml"), "-o", str(out),
                 "--theme", str(ROOT / "themes" / "example"), "--as-of", "2026-11-21"]) == 0
    text = subprocess.run(["pdftotext", "-l", "1", str(out / "northwind-logistics" / "roadmap.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Lumenly Customer Success" in text


def _hostile_library(folder) -> list[str]:
    uc, pb = write_library(folder, [persona("eng", [use_case("a", title=HOSTILE_NAME), use_case("b", ["a"])])])
    return ["--usecases", str(uc), "--playbooks", str(pb)]


DATA_COMMANDS = {
    "plan --json": lambda folder: ["plan", *LIB, hostile_account(folder), "--json", "--as-of", "2026-11-21"],
    "export-csv": lambda folder: ["export-csv", *LIB, hostile_account(folder)],
    "map dot": lambda folder: ["map", *_hostile_library(folder), "--format", "dot"],
    "map mermaid": lambda folder: ["map", *_hostile_library(folder), "--format", "mermaid"],
    "map svg": lambda folder: ["map", *_hostile_library(folder), "--format", "svg"],
}


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("command", sorted(DATA_COMMANDS))
def test_data_on_standard_output_is_the_bytes_a_file_gets(tmp_path, monkeypatch, command, tty):
    argv = DATA_COMMANDS[command](tmp_path)
    assert main([*argv, "-o", str(tmp_path / "written")]) == 0
    written = (tmp_path / "written").read_bytes()
    streams = _streams(monkeypatch, tty)
    assert main(argv) == 0
    assert streams.stdout.bytes() == written
    assert streams.err() == ""


def test_plan_json_on_a_pipe_reads_back_the_name_as_it_is(tmp_path, monkeypatch):
    pipe = _streams(monkeypatch, tty=False)
    assert main(["plan", *LIB, hostile_account(tmp_path), "--json", "--as-of", "2026-11-21"]) == 0
    assert json.loads(pipe.stdout.bytes())["account"]["name"] == HOSTILE_NAME


def test_export_csv_on_a_pipe_carries_the_name_as_it_is(tmp_path, monkeypatch):
    pipe = _streams(monkeypatch, tty=False)
    assert main(["export-csv", *LIB, hostile_account(tmp_path)]) == 0
    assert HOSTILE_NAME in pipe.out()
    assert "\\u202e" not in pipe.out()


@pytest.mark.parametrize(("tty", "first"), [(True, HOSTILE_SHOWN), (False, HOSTILE_NAME)], ids=["terminal", "pipe"])
def test_the_brief_is_escaped_on_a_terminal_only(tmp_path, monkeypatch, tty, first):
    stream = _streams(monkeypatch, tty)
    assert main(["plan", *LIB, hostile_account(tmp_path), "--brief", "--as-of", "2026-11-21"]) == 0
    assert stream.out().startswith(f"{first} (Digital), plan as of")


@pytest.mark.parametrize(("tty", "quoted"), [(True, "Ev\\x0dil\\x1b[2K"), (False, "Ev\ril\x1b[2K")],
                         ids=["terminal", "pipe"])
def test_an_error_naming_a_file_is_escaped_on_a_terminal_only(tmp_path, monkeypatch, tty, quoted):
    stream = _streams(monkeypatch, tty)
    assert main(["plan", *LIB, str(tmp_path / "Ev\ril\x1b[2K.yaml"), "--as-of", "2026-11-21"]) == 2
    err = stream.err()
    assert f"{quoted}.yaml: cannot read the file" in err
    assert err.rstrip().endswith("1 problem found; nothing was written.")
    assert stream.out() == ""


def test_a_usage_error_quoting_what_was_typed_is_escaped_on_a_terminal(monkeypatch):
    terminal = _streams(monkeypatch, tty=True)
    with pytest.raises(SystemExit) as info:
        main(["validate", *LIB, "\x1b]0;x\x07\r"])
    assert info.value.code == 2
    assert "unrecognized arguments: \\x1b]0;x\\x07\\x0d\n" in terminal.err()


ACCOUNT = str(ROOT / "accounts" / "brightline-studio.yaml")
OUT = "{out}"  # the test's own output path, where the command has one
COMMANDS = {  # each command with what it needs besides the option under test
    "validate": ["validate"], "map": ["map", "-o", OUT], "schema": ["schema", "-o", OUT],
    "plan": ["plan", ACCOUNT, "-o", OUT], "generate": ["generate", ACCOUNT, "-o", OUT],
    "batch": ["batch", str(ROOT / "accounts"), "-o", OUT], "serve": ["serve", "-o", OUT],
    "export-csv": ["export-csv", "-o", OUT],
}
SCHEDULER = "expected tcp://HOST:PORT or tls://HOST:PORT with a port from 1 to 65,535"
BAD_OPTIONS = [
    ("batch", "--scheduler", "garbage", SCHEDULER),
    ("batch", "--scheduler", "tcp://127.0.0.1", SCHEDULER),
    ("batch", "--scheduler", "tcp://127.0.0.1:0", SCHEDULER),
    ("batch", "--scheduler", "tcp://127.0.0.1:65536", SCHEDULER),
    ("batch", "--scheduler", "tcp://127.0.0.1:port", SCHEDULER),
    ("batch", "--scheduler", "tcp://:8786", SCHEDULER),
    ("batch", "--scheduler", "http://127.0.0.1:8786", SCHEDULER),
    ("batch", "--scheduler", "tcp://127.0.0.1:8786/path", SCHEDULER),
    ("batch", "--scheduler", "127.0.0.1:8786", SCHEDULER),
    ("batch", "--scheduler-timeout", "0", "expected a number from 0.1 to 3,600"),
    ("batch", "--scheduler-timeout", "-1", "expected a number from 0.1 to 3,600"),
    ("batch", "--scheduler-timeout", "soon", "expected a number, got 'soon'"),
    ("batch", "-j", "0", "expected a number from 1 to 256"),
    ("batch", "-j", "100000", "expected a number from 1 to 256"),
    ("batch", "-j", "2.5", "expected a whole number"),
    ("batch", "--as-of", "2026-02-30", "expected a date as YYYY-MM-DD"),
    ("serve", "--port", "65536", "expected a number from 0 to 65,535"),
    ("serve", "--port", "-1", "expected a number from 0 to 65,535"),
    ("serve", "--port", "http", "expected a whole number"),
    ("serve", "--upload-limit", "0", "expected a number from 0.01 to 256"),
    ("serve", "--upload-limit", "inf", "expected a number from 0.01 to 256"),
    ("serve", "-j", "-3", "expected a number from 1 to 256"),
    ("serve", "--as-of", "21.11.2026", "expected a date as YYYY-MM-DD"),
    ("serve", "--time-limit", "0", "expected a number from 1 to 86,400"),
    ("plan", "--as-of", "2026-13-01", "expected a date as YYYY-MM-DD"),
    ("generate", "--as-of", "2101-01-01", "expected a date from 2000-01-01 to 2100-12-31"),
    ("validate", "--lang", "deu", "expected a two-letter language code"),
    ("validate", "--lang", "d1", "expected a two-letter language code"),
    ("map", "--format", "png", "invalid choice: 'png'"),
    ("generate", "--formats", "pdf,xls", "unknown format 'xls': expected a comma-separated list of pdf, pptx, docx"),
    ("batch", "--formats", ",", "no format given"),
    ("serve", "--formats", "pdf", "unrecognized arguments: --formats"),
    ("export-csv", "--json", "", "unrecognized arguments: --json"),
    ("schema", "--as-of", "2026-11-21", "unrecognized arguments: --as-of"),
]


@pytest.mark.parametrize("case", BAD_OPTIONS, ids=[f"{c} {o} {v}" for c, o, v, _ in BAD_OPTIONS])
def test_a_bad_option_is_a_usage_error_naming_it(tmp_path, capsys, case):
    command, option, value, expected = case
    out = str(tmp_path / "out")
    argv = [*(out if a == OUT else a for a in COMMANDS[command]), *LIB, option, *([value] if value else [])]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert option in err.splitlines()[-1]
    assert expected in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:8786", "tls://scheduler.example:8786", "tcp://[::1]:1"])
def test_a_scheduler_address_is_kept_as_given(address):
    assert build_parser().parse_args(["batch", "accounts", "--scheduler", address]).scheduler == address


def test_a_batch_on_a_terminal_shows_account_text_and_keeps_its_progress_line(tmp_path, monkeypatch):
    from generator.batch.pool import Outcome

    book = tmp_path / "book"
    book.mkdir()
    hostile_account(book)

    def failing(tasks):  # stands in for the worker pool: every account fails, quoting what it was given
        return [Outcome(t.index, False, error="layout failed at \r\x1b[2K") for t in tasks]

    monkeypatch.setattr("generator.batch.run.local_runner", lambda *args: failing)
    terminal = _streams(monkeypatch, tty=True)
    assert main(["batch", str(book), "-o", str(tmp_path / "out"), "--as-of", "2026-11-21", *LIB]) == 1
    assert terminal.err().startswith("\r[############################] 1/1 done, 1 failed,")
    table = terminal.out().splitlines()
    assert table[2].startswith(f"{HOSTILE_SHOWN}  failed  ")
    assert table[2].endswith("layout failed at \\x0d\\x1b[2K")
    assert table[1] == "-" * (len(HOSTILE_SHOWN) + len("株式会社さくら") + 30)  # each of these takes two columns
    assert "\r" not in terminal.out()


def test_plan_keeps_the_planners_time_budget(tmp_path, capsys, monkeypatch):
    from generator.plan import budget, planner

    never = threading.Event()
    monkeypatch.setattr(planner, "plan", lambda *a, **kw: never.wait(600))  # a planner that runs away
    monkeypatch.setattr(budget, "PLAN_SECONDS", 0.05)
    account = ROOT / "accounts" / "pinecone-bakery.yaml"
    assert main(["plan", *LIB, str(account), "--as-of", "2026-11-21"]) == 2
    err = capsys.readouterr().err
    assert "pinecone-bakery.yaml: planning this account took longer than 0.05 s and was stopped" in err
    assert "Traceback" not in err


def test_generate_makes_the_formats_asked_for_with_the_deck_on_the_template_given(tmp_path):
    import io as bytes_io

    from pptx import Presentation

    from generator.render.deck.template import default_template

    template = tmp_path / "ours.pptx"
    deck = Presentation(bytes_io.BytesIO(default_template().data))
    deck.core_properties.title = "Our template"
    deck.save(str(template))
    out = tmp_path / "out"
    assert main(["generate", *LIB, str(ROOT / "accounts" / "pinecone-bakery.yaml"), "-o", str(out), "--as-of",
                 "2026-11-21", "--formats", "docx,pptx", "--deck-template", str(template), "--notes"]) == 0
    folder = out / "pinecone-bakery-co"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [".inputs.sha256", "charter.docx", "plan.json",
                                                                       "qbr.pptx"]
    made = Presentation(str(folder / "qbr.pptx"))
    assert any(s.has_notes_slide for s in made.slides)


@pytest.mark.parametrize("command", ["generate", "batch"])
def test_a_render_with_fewer_formats_leaves_no_file_of_an_earlier_one(tmp_path, command):
    book = tmp_path / "book"
    book.mkdir()
    (book / "pinecone.yaml").write_bytes((ROOT / "accounts" / "pinecone-bakery.yaml").read_bytes())
    source = [str(book / "pinecone.yaml")] if command == "generate" else [str(book)]
    out = tmp_path / "out"
    folder = out / "pinecone-bakery-co"
    for formats, made in (("pdf,pptx,docx", {"roadmap.pdf", "charter.pdf", "qbr.pptx", "charter.docx"}),
                          ("pdf", {"roadmap.pdf", "charter.pdf"}), ("docx", {"charter.docx"})):
        assert main([command, *LIB, *source, "-o", str(out), "--as-of", "2026-11-21", "--formats", formats]) == 0
        documents = {p.name for p in folder.iterdir() if p.suffix in (".pdf", ".pptx", ".docx")}
        assert documents == made, formats


@pytest.mark.parametrize(("content", "said"), [
    (b"not a zip", "expected a PowerPoint presentation (.pptx) with the deck's layouts"),
    (None, "no slide layout named 'QBR Visual': the deck needs one holding a title placeholder and a content "
           "placeholder (idx 1)"),
])
def test_a_deck_template_the_deck_cannot_use_is_a_located_error_and_nothing_is_written(tmp_path, capsys, content,
                                                                                      said):
    from pptx import Presentation

    template = tmp_path / "theirs.pptx"
    if content is None:
        deck = Presentation(str(ROOT / "generator" / "assets" / "deck" / "default.pptx"))
        visual = deck.slide_layouts.get_by_name("QBR Visual")
        assert visual is not None
        visual.name = "Chart and table"
        deck.save(str(template))
    else:
        template.write_bytes(content)
    out = tmp_path / "out"
    code = main(["generate", *LIB, str(ROOT / "accounts" / "pinecone-bakery.yaml"), "-o", str(out),
                 "--deck-template", str(template)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{template}: {said}" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_the_usage_engines_the_parser_offers_are_the_readers():
    from generator.cli.args import USAGE_ENGINES
    from generator.usage.read import ENGINES

    assert USAGE_ENGINES == ENGINES
