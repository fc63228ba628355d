"""The scoring parts, pinned: sound keys, forms, comparisons, weighing."""

from __future__ import annotations

import pytest

from workbench.soundalike import (
    Form,
    SoundAlikeIndex,
    Term,
    compare,
    letter_names,
    phrase_words,
    sound_key,
    term_form,
    tokenize,
    window_form,
)
from workbench.soundalike.features import FEATURES, describe
from workbench.soundalike.lexicon import english
from workbench.soundalike.scorer import shipped


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["Elias", "at", "skever"], "LSTSKFR"),
        (["Ilya", "Sutskever"], "LYSTSKFR"),
        (["Chad", "gbt"], "XTKPT"),
        (["ChatGPT"], "XTKPT"),
        (["jgbt"], "KPT"),
        (["Dppd"], "TPT"),
        (["Andrea", "karpathy"], "NTRKRP0"),
        (["Andrej", "Karpathy"], "NTRKRP0"),
    ],
)
def test_sound_key_drops_vowels_and_merges_voicing(words: list[str], key: str) -> None:
    assert sound_key(words) == key


def test_letter_names_rhyme() -> None:
    assert letter_names("gpt") == letter_names("dpd") == "EEE"
    assert letter_names("rlhf") == "RFHF"


@pytest.mark.parametrize(
    ("words", "letters", "version", "spoken"),
    [
        (["gpd", "4"], "gpd", "4", None),
        (["dppd4"], "dppd", "4", None),
        (["gpt", "for"], "gpt", "4", "for"),
        (["gpd", "3.5"], "gpd", "3.5", None),
        (["chat", "gbt"], "chatgbt", None, None),
    ],
)
def test_window_form_reads_a_final_number_as_a_version(
    words: list[str], letters: str, version: str | None, spoken: str | None
) -> None:
    form = window_form(words)
    assert form is not None
    assert (form.letters, form.version, form.spoken) == (letters, version, spoken)


@pytest.mark.parametrize("words", [["gpt3", "did"], ["4gbt4"], ["commandbar.com"]])
def test_window_form_refuses_digits_elsewhere_and_domains(words: list[str]) -> None:
    assert window_form(words) is None


def test_term_form_splits_versions_and_reads_ampersand() -> None:
    assert term_form("GPT-3.5") == Form("gpt", "KPT", "3.5", True, None, ("KPT",))
    assert term_form("Weights & Biases").letters == "weightsandbiases"


def test_compare_same_sound_scores_high_and_version_adds() -> None:
    plain = compare(window_form(["gpd"]), term_form("GPT"))  # type: ignore[arg-type]
    versioned = compare(window_form(["gpd", "4"]), term_form("GPT-4"))  # type: ignore[arg-type]
    assert plain.sound == 1.0
    assert versioned.version_matched and versioned.score > plain.score


def test_for_counts_as_4_only_after_an_exact_sounding_stem() -> None:
    assert compare(window_form(["gpt", "for"]), term_form("GPT-4")).score >= 0.9  # type: ignore[arg-type]
    assert compare(window_form(["gpu", "for"]), term_form("GPT-4")).score == 0.0  # type: ignore[arg-type]


def test_acronym_split_over_words_is_penalised() -> None:
    one = compare(window_form(["gbt"]), term_form("GPT"))  # type: ignore[arg-type]
    two = compare(window_form(["agi", "but"]), term_form("GPT"))  # type: ignore[arg-type]
    assert one.score > 0.9 > two.score + 0.2


def test_common_words_need_stronger_evidence() -> None:
    term = term_form("pre-training")
    common, rare = window_form(["free", "training"]), window_form(["fvree", "training"])
    assert common is not None and rare is not None
    words = {"pre", "training"}
    plain = describe(compare(common, term), ["free", "training"], common, term, words, english())
    odd = describe(compare(rare, term), ["fvree", "training"], rare, term, words, english())
    value = dict(zip(FEATURES, plain.values, strict=True))
    assert value["common words"] == 1.0 and value["unknown word"] == 0.0
    assert "common words" in plain.notes and "'fvree' unknown word" in odd.notes
    assert shipped().probability(odd) > shipped().probability(plain)


def _values(words: list[str], term: str) -> dict[str, float]:
    """The named feature values of a window of ``words`` against ``term``."""
    window, form = window_form(words), term_form(term)
    assert window is not None
    own = {w.lower() for w in phrase_words(term)}
    features = describe(compare(window, form), words, window, form, own, english())
    return dict(zip(FEATURES, features.values, strict=True))


def test_a_familiar_word_names_included_is_told_from_a_made_up_one() -> None:
    # pyspellchecker's list holds "spain" as rarely as a slip; wordfreq knows the country.
    assert _values(["spain"], "Span")["familiar word"] > 0.5
    assert _values(["spane"], "Span")["familiar word"] < 0.2


def test_same_sound_and_words_of_the_term_are_features() -> None:
    mode = _values(["reward", "mode"], "reward model")
    assert mode["words of the term"] == 0.5 and mode["same sound"] == 0.0
    covet = _values(["covet"], "Kovid")
    assert covet["same sound"] == 1.0 and covet["words of the term"] == 0.0


def test_tokenize_keeps_possessive_outside_and_marks_sentence_starts() -> None:
    tokens = tokenize([(0, "In Greg Brockman's demo. Then"), (1, "Main")])
    assert [t.text for t in tokens] == ["In", "Greg", "Brockman", "demo", "Then", "Main"]
    assert [t.sentence_start for t in tokens] == [True, False, False, False, True, False]
    assert tokens[2].end == len("In Greg Brockman")


def test_tokenize_keeps_a_contraction_whole() -> None:
    tokens = tokenize([(0, "Let's see: that's Ann's, it’s hers")])
    assert [t.text for t in tokens] == ["Let's", "see", "that's", "Ann", "it’s", "hers"]


def test_the_index_compares_a_window_only_with_terms_that_share_a_sound_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.soundalike import candidates, index

    syllables = ["ka", "ri", "to", "mu", "sen", "zha", "vel", "dor", "pix", "qua"]
    invented = [
        Term(f"{a}{b}{c}".capitalize()) for a in syllables for b in syllables for c in "xyz"
    ]
    terms = SoundAlikeIndex([*invented, Term("Lex Fridman")])
    calls: list[str] = []

    def counting(window: Form, term: Form) -> object:
        calls.append(term.letters)
        return compare(window, term)

    for module in (candidates, index):
        monkeypatch.setattr(module, "compare", counting)
    (match,) = terms.find(tokenize([(0, "this is the Lux Friedman podcast")]))
    assert match.term.canonical == "Lex Fridman"
    windows = 6 + 5 + 4 + 3  # the 1-4 token windows of six words
    naive = windows * (len(invented) + 1)
    assert "lexfridman" in calls and len(calls) < naive / 5
