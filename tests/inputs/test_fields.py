"""The field types: what a name, a text, an email address and a language may hold, said in plain words."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.inputs.fields import Email, Language, Locale, Name, Text


def refusal(kind, value) -> str:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(kind).validate_python(value)
    return str(info.value.errors()[0]["ctx"]["error"])


@pytest.mark.parametrize(("kind", "value", "expected"), [
    (Name, "\x1b[31mAcme", "the name holds a control character U+001B (escape) at character 1, and it cannot be "
                           "printed; remove it"),
    (Name, "Acme\r", "the name holds a control character U+000D (carriage return) at character 5"),
    (Name, "Ac\x00me", "the name holds a control character U+0000 (null) at character 3"),
    (Name, "Acme\x85", "the name holds a control character U+0085 (next line) at character 5"),
    (Name, "Acme\u202eSSAP", "the name holds a right-to-left override U+202E at character 5, and it reorders the "
                             "text around it on screen and in print; remove it"),
    (Name, "Acme\u2066x\u2069", "the name holds a left-to-right isolate U+2066 at character 5"),
    (Name, "Acme \ue000", "the name holds a private-use character U+E000 at character 6, and each font draws its "
                          "own icon there, so nobody can tell what the reader will see; remove it"),
    (Text, "Plan \U000F0001 ahead", "the text holds a private-use character U+F0001 at character 6"),
    (Name, "Acme\u0378", "the name holds an unassigned code point U+0378 at character 5, and Unicode"),
    (Name, "Acme\u2028Inc", "the name holds a line separator U+2028 at character 5, and it breaks the line where "
                            "no editor shows a break; remove it"),
    (Name, "Acme\nInc", "the name holds a control character U+000A (line break) at character 5, and a name is one "
                        "line of text; remove it"),
    (Name, "Acme\tInc", "the name holds a control character U+0009 (tab) at character 5, and a name is one line"),
    (Name, "   ", "the name is empty or only spaces; write it"),
    (Name, "\u3000", "the name is empty or only spaces; write it"),
    (Text, "Line one\r\nline two", "the text holds a control character U+000D (carriage return) at character 9"),
    (Text, "Bell\x07", "the text holds a control character U+0007 (bell) at character 5"),
    (Text, "Say \u202bthis", "the text holds a right-to-left embedding U+202B at character 5"),
    (Text, "Say\u2029this", "the text holds a paragraph separator U+2029 at character 4"),
    (Text, " \n\t", "the text is empty or only spaces; write it"),
    (Email, "dana\x7f@acme.com", "the email address holds a control character U+007F (delete) at character 5"),
])
def test_unprintable_and_blank_values_are_refused_in_plain_words(kind, value, expected):
    assert refusal(kind, value).startswith(expected)


@pytest.mark.parametrize(("kind", "value"), [
    (Name, "Müller & Söhne"), (Name, "東京ロボティクス"), (Name, "שלום"), (Name, "👩‍💻 Team"), (Name, " Acme "),
    (Text, "Line one\nline two\n\twith a tab"), (Text, "Folded text ends in a line break\n"),
    (Email, "dana@acme.com"),
])
def test_printable_values_are_kept_as_written(kind, value):
    assert TypeAdapter(kind).validate_python(value) == value


@pytest.mark.parametrize(("kind", "value", "expected"), [
    (Locale, "de-DR", "'de-DR' is not a locale Babel knows (no region 'DR' for 'de'); write 'de' alone or with a "
                      "real region, such as de-DE"),
    (Locale, "en-ZZ", "'en-ZZ' is not a locale Babel knows (no region 'ZZ' for 'en')"),
    (Locale, "zz-ZZ", "there are no documents in 'zz-ZZ'; available languages: en, de, fr, ja, alone or with a "
                      "region (such as de-AT)"),
    (Locale, "english", "there are no documents in 'english'; available languages: en, de, fr, ja"),
    (Locale, "es-ES", "there are no documents in Spanish 'es-ES'; available languages: en, de, fr, ja"),
    (Language, "zz", "there are no documents in 'zz'; available languages: en, de, fr, ja"),
    (Language, "de-DE", "there are no documents in 'de-DE'; available languages: en, de, fr, ja"),
])
def test_a_language_typo_names_the_languages_there_are(kind, value, expected):
    assert refusal(kind, value).startswith(expected)


@pytest.mark.parametrize("value", ["en", "en-US", "en-GB", "de", "de-DE", "de-AT", "de-CH", "fr-CA", "ja", "ja-JP"])
def test_an_available_language_in_any_region_babel_knows_is_accepted(value):
    assert TypeAdapter(Locale).validate_python(value) == value


def test_a_long_pasted_locale_is_shown_cut_short():
    assert refusal(Locale, "de-" + "x" * 5000).startswith("'de-xxxxxxxxxxxx...' is not a locale Babel knows")
