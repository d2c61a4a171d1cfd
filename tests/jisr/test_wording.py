"""A commune's name inside a sentence takes the grammar of the reader's language, and an office's text in
several languages is shown in the reader's (jisr.wording)."""

from __future__ import annotations

import pytest
from django.utils import translation

from jisr.wording import by_script, in_language, is_arabic, of_place


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Aït Melloul", "d'Aït Melloul"),
        ("Ait Melloul", "d'Ait Melloul"),
        ("Oujda", "d'Oujda"),
        ("Agadir", "d'Agadir"),
        ("Inezgane", "d'Inezgane"),
        ("Essaouira", "d'Essaouira"),
        ("El Jadida", "d'El Jadida"),
        ("Al Hoceïma", "d'Al Hoceïma"),
        ("Ouled Teïma", "d'Ouled Teïma"),
        ("Ifrane", "d'Ifrane"),
        ("Errachidia", "d'Errachidia"),
        ("Ouarzazate", "d'Ouarzazate"),
        ("Aïn Harrouda", "d'Aïn Harrouda"),
        ("Âït Baha", "d'Âït Baha"),
        ("Ézzhiliga", "d'Ézzhiliga"),
        ("Îmi n'Tanoute", "d'Îmi n'Tanoute"),
        ("Ôulad Frej", "d'Ôulad Frej"),
        ("Üm Azza", "d'Üm Azza"),
        ("Œuilly", "d'Œuilly"),
        ("Yffiniac", "d'Yffiniac"),
        ("Youssoufia", "de Youssoufia"),
        ("Yacoub El Mansour", "de Yacoub El Mansour"),
        ("Nador", "de Nador"),
        ("Béni Mellal", "de Béni Mellal"),
        ("Berkane", "de Berkane"),
        ("Tiznit", "de Tiznit"),
        ("Had Soualem", "de Had Soualem"),
        ("Hay Hassani", "de Hay Hassani"),
        ("Le Caire", "du Caire"),
        ("Les Ulis", "des Ulis"),
        ("La Rochelle", "de La Rochelle"),
        ("  Aït   Melloul ", "d'Aït Melloul"),
        ("", ""),
    ],
)
def test_french_says_de_and_elides_it_before_a_vowel(name: str, expected: str) -> None:
    assert of_place(name, "fr") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("الناظور", "بالناظور"),
        ("بني ملال", "ببني ملال"),
        ("أيت ملول", "بأيت ملول"),
        ("آيت ملول", "بآيت ملول"),
        ("وجدة", "بوجدة"),
        ("إنزكان", "بإنزكان"),
        ("الدار البيضاء", "بالدار البيضاء"),
        ("بركان", "ببركان"),
        ("Aït Melloul", "بجماعة Aït Melloul"),  # no Arabic name recorded
    ],
)
def test_arabic_joins_ba_to_the_name_and_keeps_its_article(name: str, expected: str) -> None:
    assert of_place(name, "ar") == expected


def test_the_other_languages_and_the_active_one() -> None:
    assert of_place("Aït Melloul", "en") == "of Aït Melloul"
    assert of_place("Aït Melloul", "es") == "de Aït Melloul"
    assert of_place("Aït Melloul", "nl") == "van Aït Melloul"
    assert of_place("Aït Melloul", "de") == "in Aït Melloul"
    assert of_place("Oujda", "fr-ma") == "d'Oujda"
    with translation.override("fr"):
        assert of_place("Oujda") == "d'Oujda"
    with translation.override("ar"):
        assert of_place("وجدة") == "بوجدة"


def test_a_text_is_shown_in_the_readers_language_else_french_else_arabic_else_any() -> None:
    versions = {"ar": "من الاثنين إلى الجمعة", "fr": "Du lundi au vendredi", "en": "Monday to Friday"}
    assert in_language(versions, "ar") == "من الاثنين إلى الجمعة"
    assert in_language(versions, "fr") == "Du lundi au vendredi"
    assert in_language(versions, "en") == "Monday to Friday"
    assert in_language(versions, "es") == "Du lundi au vendredi"
    assert in_language({"ar": "من الاثنين إلى الجمعة", "fr": "", "en": "Monday to Friday"}, "de") == (
        "من الاثنين إلى الجمعة"
    )
    assert in_language({"ar": " ", "fr": "", "en": "Monday to Friday"}, "ar") == "Monday to Friday"
    assert in_language({"nl": "Maandag"}, "ar") == "Maandag"
    assert in_language({}, "ar") == ""
    with translation.override("ar"):
        assert in_language(versions) == "من الاثنين إلى الجمعة"


def test_a_text_of_before_is_shared_out_by_its_script() -> None:
    assert by_script("Lundi-vendredi 08:30-16:30 · من الاثنين إلى الجمعة") == {
        "fr": "Lundi-vendredi 08:30-16:30",
        "ar": "من الاثنين إلى الجمعة",
    }
    assert by_script("من الاثنين إلى الجمعة 08:30-16:30") == {"ar": "من الاثنين إلى الجمعة 08:30-16:30"}
    assert by_script("Lundi-vendredi 8h30 / 16h30") == {"fr": "Lundi-vendredi 8h30 / 16h30"}
    assert by_script("  ") == {}
    assert is_arabic("مكتب الاستقبال Jisr")
    assert not is_arabic("Bureau مكتب")
