from __future__ import annotations

import pytest

from generator.files import inside, slugify, write_atomic


@pytest.mark.parametrize(("name", "slug"), [
    ("Harbor & Finch Insurance", "harbor-finch-insurance"),
    ("Acme/../../etc/passwd", "acme-etc-passwd"),
    ("..", None),
    ("/", None),
    ("Zoë Café GmbH", "zoe-cafe-gmbh"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("C:\\Windows\\System32", "c-windows-system32"),
    ("a" * 500, "a" * 60),
])
def test_slugify(name, slug):
    result = slugify(name)
    assert result == slug if slug else result.startswith("account-")
    assert "/" not in result
    assert "\\" not in result
    assert ".." not in result
    assert result


def test_names_without_latin_letters_get_distinct_slugs():
    assert slugify("株式会社") != slugify("有限会社")


@pytest.mark.parametrize("parts", [("..", "x.pdf"), ("/etc", "passwd"), ("a", "..", "..", "b"), (".",)])
def test_inside_refuses_paths_that_leave_the_folder(tmp_path, parts):
    with pytest.raises(ValueError, match="refusing to write outside"):
        inside(tmp_path / "out", *parts)


def test_inside_refuses_a_link_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "acme").symlink_to(tmp_path)
    with pytest.raises(ValueError, match="refusing to write outside"):
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
