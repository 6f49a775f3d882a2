from __future__ import annotations

import pytest

from generator.errors import UserError
from generator.inputs.yamlsource import MAX_FILE_BYTES, load_yaml, parse_yaml


def problem_of(text: str) -> str:
    with pytest.raises(UserError) as info:
        parse_yaml(text, "f.yaml")
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_values_carry_their_locations():
    doc = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2027-01-15}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": __import__("datetime").date(2027, 1, 15)}]}
    assert str(doc.source.locate(("b", 1, "c"))) == "f.yaml:4:9"
    assert str(doc.source.locate(("b", 1, "missing"))) == "f.yaml:4:5"
    assert str(doc.source.locate(("a",), key=True)) == "f.yaml:1:1"


def test_keys_stay_text():
    assert parse_yaml("on: 1\n2024: x\n", "f.yaml").data == {"on": 1, "2024": "x"}


def test_aliases_share_values_within_budget():
    assert parse_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml").data == {"a": [1, 2], "b": [1, 2]}


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(("text", "expected"), [
    ("a: [1\n", "f.yaml:2:1: YAML syntax error: expected ',' or ']'"),
    ("a:\n\t- b\n", "f.yaml:2:1: YAML syntax error: a tab character cannot indent YAML; indent with spaces"),
    ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first defined at line 1)"),
    ("x: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
     "f.yaml:1:4: the tag '!!python/object/apply:os.system' is not allowed"),
    ("x: !custom 3\n", "f.yaml:1:4: the tag '!custom' is not allowed"),
    ("d: 2027-13-45\n", "f.yaml:1:4: cannot read '2027-13-45' as timestamp"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2:1: only one YAML document per file is allowed"),
    ("a: *nothing\n", "f.yaml:1:4: unknown alias '*nothing'"),
    ("? [a, b]\n: c\n", "f.yaml:1:3: a key must be plain text"),
    ("[" * 10_000 + "]" * 10_000, "f.yaml:1:65: nesting deeper than 64 levels is not allowed"),
    ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 200)), "nesting deeper than 64 levels"),
    (BOMB, "values once aliases are expanded"),
])
def test_bad_yaml_gives_one_located_problem(text, expected):
    assert expected in problem_of(text)


def test_python_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(UserError):
        parse_yaml(f"x: !!python/object/apply:os.system ['touch {marker}']\n", "f.yaml")
    assert not marker.exists()


def test_huge_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("a: " + "x" * (20 * 1024 * 1024) + "\n")
    with pytest.raises(UserError) as info:
        load_yaml(big, "big.yaml")
    assert f"the limit is {MAX_FILE_BYTES / 1e6:.0f} MB" in str(info.value)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(UserError, match="not UTF-8"):
        load_yaml(path, "b.yaml")


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot read the file"):
        load_yaml(tmp_path / "nope.yaml", "nope.yaml")
