"""Fonts: the stack each language prints with, what it covers, and the refusal of characters nothing can print."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT
from generator.inputs.models import Account
from generator.render import fonts
from generator.render.fonts import check_printable, coverage, face_rules, font_stack

SAMPLES = {  # one name per script a customer may write in
    "Latin": "Zoë Müller-Łukasiewicz", "Greek": "Κωνσταντίνος", "Cyrillic": "Ёлка Щукина", "Arabic": "محمد الأحمد",
    "Hebrew": "מנהל הנדסה", "Devanagari": "प्रिया शर्मा", "Thai": "สมชาย ใจดี", "Japanese": "株式会社さくら物流",
    "Chinese": "中国国际航空", "Korean": "김민준", "Emoji": "🚀👍🏽✅",
}
needs_fonts = pytest.mark.skipif(bool(coverage().missing_families),
                                 reason=f"Noto fonts not installed ({fonts.PACKAGES}); make installs them")


@pytest.mark.parametrize(("locale", "first_cjk"), [
    ("ja-JP", "Noto Sans CJK JP"), ("ja", "Noto Sans CJK JP"), ("zh-CN", "Noto Sans CJK SC"),
    ("zh-TW", "Noto Sans CJK TC"), ("zh-HK", "Noto Sans CJK TC"), ("ko-KR", "Noto Sans CJK KR"),
    ("de-DE", "Noto Sans CJK JP"), ("en-US", "Noto Sans CJK JP"),
])
def test_the_stack_starts_with_inter_and_puts_the_regions_cjk_face_first(locale, first_cjk):
    families = [f.strip('"') for f in font_stack(locale).split(", ")]
    assert families[0] == "Inter"
    assert families[-1] == fonts.EMOJI_FAMILY
    assert next(f for f in families if "CJK" in f) == first_cjk
    assert len(families) == len(set(families))


def test_the_emoji_face_never_covers_digits_or_ascii():
    rule = face_rules()
    assert f'src: local("{fonts.EMOJI_FONT}")' in rule
    assert all(low > 0x7F for low, _ in fonts.EMOJI_RANGES)
    assert "unicode-range: U+200D," in rule


@needs_fonts
@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_every_script_a_customer_writes_in_can_be_printed(script):
    assert coverage().unprintable(SAMPLES[script]) == []


@pytest.mark.parametrize("text", ["a\u200db", "\u200fשלום", "👍\ufe0f", "tab\there", "line\nbreak", "\u202e"])
def test_joiners_marks_and_variation_selectors_need_no_glyph(text):
    assert coverage().unprintable(text) == []


@pytest.mark.parametrize(("text", "missing"), [
    ("Pharaoh 𓀀 Trading", ["𓀀"]),
    ("𓀁𓀂𓀁 and 𓀂", ["𓀁", "𓀂"]),
    ("Plain text", []),
])
def test_unprintable_lists_each_missing_character_once_in_order(text, missing):
    assert coverage().unprintable(text) == missing


def test_check_printable_names_every_field_with_a_character_nothing_has():
    data = yaml.safe_load((ROOT / "accounts" / "northwind-logistics.yaml").read_text())
    data["name"] = "Northwind 𓀀"
    data["departments"][0]["head"]["title"] = "Head of 𓀁"
    data["tools"] = ["Confluence", "Wiki 𓀂"]
    found = []
    check_printable(Account.model_validate(data), lambda loc, shown, message: found.append((loc, shown, message)))
    persona = data["departments"][0]["persona"]
    assert [(loc, shown) for loc, shown, _ in found] == [
        (("name",), "name"), (("departments", 0, "head", "title"), f"departments[{persona}].head.title"),
        (("tools", 1), "tools[1]")]
    assert found[0][2].startswith("no font the documents use can print '𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001)")
