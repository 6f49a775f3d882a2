from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.files import assign_folders, file_mode, inside, output_lock, slugify, write_atomic, write_unit
from generator.staging import is_ours


@pytest.mark.parametrize(("name", "slug"), [
    ("Harbor & Finch Insurance", "harbor-finch-insurance"),
    ("Acme/../../etc/passwd", "acme-etc-passwd"),
    ("..", None),
    ("/", None),
    ("Zoë Café GmbH", "zoe-cafe-gmbh"),
    ("Straße & Söhne ÆØ", "strasse-sohne-aeo"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("C:\\Windows\\System32", "c-windows-system32"),
    ("a" * 500, "a" * 60),
    ("株式会社さくら物流", "株式会社さくら物流"),
    ("株式会社 さくら物流 Co., Ltd.", "株式会社-さくら物流-co-ltd"),
    ("Κόσμος Ёлка", "κόσμος-ёлка"),
    ("प्रिया शर्मा", "प्रिया-शर्मा"),
    ("شركة المستقبل", "شركة-المستقبل"),
    ("Evil\u202eeht\u0000name", "evil-eht-name"),
    ("中" * 100, "中" * 40),
    ("🚀🚀", None),
])
def test_slugify(name, slug):
    result = slugify(name)
    assert result == slug if slug else result.startswith("account-")
    assert "/" not in result
    assert "\\" not in result
    assert ".." not in result
    assert result


def test_names_in_other_scripts_get_distinct_readable_folders():
    assert slugify("株式会社さくら物流 Co., Ltd.") != slugify("株式会社ひまわり商事 Co., Ltd.")
    assert len(slugify("中" * 100).encode("utf-8")) <= 120


def test_different_names_that_make_one_folder_each_get_a_stable_suffix():
    folders, repeats = assign_folders([("Acme, Inc.", "a.yaml"), ("ACME Inc", "b.yaml"), ("Beta", "c.yaml")])
    assert repeats == {}
    assert folders[2] == "beta"
    assert folders[0].startswith("acme-inc-")
    assert folders[1].startswith("acme-inc-")
    assert folders[0] != folders[1]
    again, _ = assign_folders([("ACME Inc", "x.yaml"), ("Acme, Inc.", "y.yaml")])
    assert again == [folders[1], folders[0]]


def test_the_same_name_twice_is_a_repeat_of_the_first():
    folders, repeats = assign_folders([("Acme", "a.yaml"), ("Beta", "b.yaml"), ("Acme", "c.yaml")])
    assert folders == ["acme", "beta", "acme"]
    assert repeats == {2: "a.yaml"}


@pytest.mark.parametrize("parts", [("..", "x.pdf"), ("/etc", "passwd"), ("a", "..", "..", "b"), (".",)])
def test_inside_refuses_paths_that_leave_the_folder(tmp_path, parts):
    with pytest.raises(PermissionError, match="refusing to write outside the output folder"):
        inside(tmp_path / "out", *parts)


def test_inside_refuses_a_link_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "acme").symlink_to(tmp_path)
    with pytest.raises(PermissionError, match="refusing to write outside the output folder"):
        inside(tmp_path / "out", "acme", "roadmap.pdf")


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "a" / "f.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["f.pdf"]


def test_interrupted_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.pdf"
    write_atomic(target, b"old")

    def boom(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new and half")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.pdf"]


def test_written_files_follow_the_umask_not_mkstemps_0600(tmp_path):
    old = os.umask(0o027)
    file_mode.cache_clear()
    try:
        write_atomic(tmp_path / "a.pdf", b"x")
        assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o640
    finally:
        os.umask(old)
        file_mode.cache_clear()
    write_atomic(tmp_path / "b.pdf", b"x")
    assert stat.S_IMODE((tmp_path / "b.pdf").stat().st_mode) == 0o666 & ~old


def test_a_second_run_on_a_held_output_folder_is_refused_naming_the_first(tmp_path):
    held = rf"playbook run {os.getpid()}, started .* is writing to this output folder"
    with output_lock(tmp_path / "out"), pytest.raises(OSError, match=held), output_lock(tmp_path / "out"):
        pass
    with output_lock(tmp_path / "out"):  # released when the first run ends
        pass


@given(st.text(st.characters(max_codepoint=127), max_size=80))
def test_the_ascii_shortcut_gives_the_folders_every_name_gets(name):
    from generator.files import _any_script

    general = _any_script(name)
    assert slugify(name) == general or (not general and slugify(name).startswith("account-"))


def test_a_name_made_like_another_accounts_suffixed_folder_gets_a_folder_of_its_own():
    folders, _ = assign_folders([("Acme, Inc.", "a.yaml"), ("ACME Inc", "b.yaml")])
    crafted = folders[0].replace("-", " ").title()  # 'Acme Inc C40Fac9': the slug of the first one's folder
    assert slugify(crafted) == folders[0]
    claims = [("Acme, Inc.", "a.yaml"), ("ACME Inc", "b.yaml"), (crafted, "c.yaml")]
    three, repeats = assign_folders(claims)
    assert repeats == {}
    assert len(set(three)) == 3
    assert three[:2] == folders  # the accounts that were there first keep their folders


# Names that share a slug ('Acme, Inc.', 'ACME Inc'), so some folders are suffixed, and random ones.
_names = st.one_of(st.sampled_from(["Acme, Inc.", "ACME Inc", "acme-inc", "Zoë", "zoe", "ZOE!", "🚀", "🚀🚀"]),
                   st.text(st.sampled_from("Acme Inc, .-ÄBéc0129f"), min_size=1, max_size=12))


@given(st.lists(_names, min_size=1, max_size=8, unique=True), st.data())
def test_distinct_names_always_get_distinct_folders_whatever_their_order(names, data):
    first, _ = assign_folders([(n, n) for n in names])
    # Names crafted from the folders others got, in the forms a slug reads back from.
    crafted = [f.replace("-", " ") for f in first] + [f.upper() for f in first]
    every = list(dict.fromkeys(names + data.draw(st.lists(st.sampled_from(crafted), max_size=6))))
    folders, repeats = assign_folders([(n, n) for n in every])
    assert repeats == {}
    assert len(set(folders)) == len(every)
    shuffled = data.draw(st.permutations(every))
    again, _ = assign_folders([(n, n) for n in shuffled])
    assert dict(zip(shuffled, again, strict=True)) == dict(zip(every, folders, strict=True))


OLD = {"roadmap.pdf": b"old roadmap", "plan.json": b"old plan", "history/2026-01-12.plan.json": b"old plan"}
NEW = {"roadmap.pdf": b"new roadmap", "plan.json": b"new plan", "history/2026-01-12.plan.json": b"new plan",
       "history/2026-04-12.plan.json": b"new plan"}
STEPS = ("replace", "link", "unlink", "fsync")  # what the writer does to the disk, one call a step


def _unit(out, files, stamp):
    return write_unit(out, "acme", files, (".stamp", stamp))


def _state(out) -> tuple[bytes | None, dict[str, bytes]]:
    folder = out / "acme"
    stamp = folder / ".stamp"
    files = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p != stamp}
    return (stamp.read_bytes() if stamp.exists() else None), files


def _fail_at(monkeypatch, step: int, fail) -> list[int]:
    """Make the ``step``-th disk call of the writer run ``fail`` instead; return the count of calls."""
    calls = [0]
    for name in STEPS:
        real = getattr(os, name)

        def counted(*args, _real=real, **kwargs):
            calls[0] += 1
            if calls[0] == step + 1:
                fail()
            return _real(*args, **kwargs)
        monkeypatch.setattr(os, name, counted)
    return calls


def _raise():
    raise OSError(28, "No space left on device")


def test_an_accounts_files_fail_as_one_at_every_step_and_the_old_ones_stay(tmp_path, monkeypatch):
    _unit(tmp_path / "count", OLD, b"old stamp")
    with monkeypatch.context() as patch:
        calls = _fail_at(patch, -1, _raise)
        _unit(tmp_path / "count", NEW, b"new stamp")
    assert calls[0] > 15
    failures = 0
    for step in range(calls[0]):
        out = tmp_path / str(step)
        _unit(out, OLD, b"old stamp")
        with monkeypatch.context() as patch, contextlib.suppress(OSError):
            _fail_at(patch, step, _raise)
            _unit(out, NEW, b"new stamp")
        stamp, files = _state(out)
        temporary = {name for name in files if is_ours(Path(name).name)}
        kept = {name: data for name, data in files.items() if name not in temporary}
        assert (stamp, kept) in ((b"old stamp", OLD), (b"new stamp", NEW)), f"step {step}"
        assert not temporary or stamp == b"new stamp"  # left only by a failed clean-up, for the next write to sweep
        failures += stamp == b"old stamp"
    # Only the links (made up for with copies) and the clean-up after the swap, four each here, let a write go on.
    assert failures == calls[0] - 8


def _crash():
    os._exit(9)  # what kill -9 leaves: no clean-up, no putting back


def test_a_kill_at_any_step_leaves_no_stamp_over_files_it_was_not_written_with(tmp_path, monkeypatch):
    seen = set()
    for step in range(64):
        out = tmp_path / str(step)
        _unit(out, OLD, b"old stamp")
        pid = os.fork()
        if pid == 0:  # the child writes and is killed at the step
            try:
                _fail_at(monkeypatch, step, _crash)
                _unit(out, NEW, b"new stamp")
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        stamp, files = _state(out)
        ours = {k: v for k, v in files.items() if k.endswith(".tmp")}
        kept = {k: v for k, v in files.items() if k not in ours}
        assert stamp is None or (stamp, kept) in ((b"old stamp", OLD), (b"new stamp", NEW)), f"step {step}"
        seen.add(stamp)
        if os.waitstatus_to_exitcode(status) == 0:
            break
        _unit(out, NEW, b"new stamp")  # the next run writes it all and sweeps what the killed one left
        assert _state(out) == (b"new stamp", NEW)
    assert os.waitstatus_to_exitcode(status) == 0
    assert seen == {b"old stamp", None, b"new stamp"}


def test_the_files_of_a_unit_are_returned_and_only_our_temporary_files_are_swept(tmp_path):
    folder = tmp_path / "acme"
    (folder / "history").mkdir(parents=True)
    for stale in (".roadmap.pdf.k3j_9xq2.tmp", "history/.2026-01-12.plan.json.abcd1234.tmp"):
        (folder / stale).write_bytes(b"half")
    for theirs in (".precious.tmp", "notes.tmp", ".roadmap.pdf.short.tmp", "history/.x.abcd1234.tmp.bak"):
        (folder / theirs).write_bytes(b"not ours")
    written = _unit(tmp_path, NEW, b"stamp")
    assert written == [folder / name for name in NEW]
    left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert left == sorted([*NEW, ".stamp", ".precious.tmp", "notes.tmp", ".roadmap.pdf.short.tmp",
                           "history/.x.abcd1234.tmp.bak"])


def test_a_unit_that_cannot_be_written_changes_nothing(tmp_path):
    _unit(tmp_path, OLD, b"old stamp")
    shutil.rmtree(tmp_path / "acme" / "history")
    (tmp_path / "acme" / "history").write_text("a file where the history folder was")
    with pytest.raises(FileExistsError):
        _unit(tmp_path, NEW, b"new stamp")
    stamp, files = _state(tmp_path)
    assert stamp == b"old stamp"
    assert files == {"roadmap.pdf": b"old roadmap", "plan.json": b"old plan",
                     "history": b"a file where the history folder was"}
