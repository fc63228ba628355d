"""End to end: the glossary rule over real corpus lines, through the engine."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.soundalike.conftest import DATA, rule, scan, term_rule, transcript
from workbench.errors import RuleFileError
from workbench.glossary import parse_glossary, read_glossary
from workbench.soundalike import DEFAULT_MIN_SCORE


@pytest.mark.parametrize(
    ("texts", "fixed", "evidence"),
    [
        (["Brockman Elias at skever"], ["Brockman Ilya Sutskever"], "'skever' unknown word"),
        (
            ["this is the Lux Friedman podcast to"],
            ["this is the Lex Fridman podcast to"],
            "LKSFRTM",
        ),
        # "Lux" alone is likelier Lukas (also in the glossary), but "Freedom"
        # sounds in Lex Fridman too: the two words are one mishearing.
        (
            ["this is the Lux Freedom podcast to"],
            ["this is the Lex Fridman podcast to"],
            "LKSFRTM",
        ),
        (
            ["we'll check the Rumba Andrea karpathy"],
            ["we'll check the Rumba Andrej Karpathy"],
            "NTRKRP0",
        ),
        (
            ["can't wait to see what you all build with Dppd4."],
            ["can't wait to see what you all build with GPT-4."],
            "version 4",
        ),
        (["so we had, um, uh, before chat GBT,"], ["so we had, um, uh, before ChatGPT,"], "XTKPT"),
        (
            ["makes it possible for Chad gbt to answer"],
            ["makes it possible for ChatGPT to answer"],
            "'gbt' unknown word",
        ),
        (
            ["high level what is GPT for how does it"],
            ["high level what is GPT-4 how does it"],
            "version 4",
        ),
        (
            ["open AI including Sam Altman Greg"],
            ["OpenAI including Sam Altman Greg"],
            "'AI' written in capitals",
        ),
    ],
)
def test_hard_cases_on_corpus_lines(texts: list[str], fixed: list[str], evidence: str) -> None:
    (found,) = scan(transcript(*texts))
    assert list(found.after) == fixed
    assert evidence in found.reason and found.reason.startswith("sounds like")
    assert found.auto is False and DEFAULT_MIN_SCORE <= found.confidence <= 1.0
    assert found.line == 1 and found.edits


@pytest.mark.parametrize(
    "text",
    [
        "the personality of a chat with freedom and we check the rumba",  # common words
        "today I have the pleasure to speak with John Schulman, who is one of",  # already right
        "here's Sam Altman",  # canonical
        "Altman CEO of the company",  # a part of a name is no mishearing
        "the fine tuning of the model",  # jargon hyphenation
        "it'll be done and is multimodal now",
    ],
)
def test_what_must_not_be_flagged(text: str) -> None:
    assert scan(transcript(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # Everyday English that sounds (or is spelled) like a term: no evidence of a
        # mishearing, so the same letters or a shared word of the term are not enough.
        "a whisper quiet room",  # Whisper
        "just google it",  # Google
        "the deep blue sea",  # Deep Blue
        "a deep mind at work",  # DeepMind
        "code x marks the spot",  # Codex
        "He said open a I think",  # OpenAI (and it would delete "I")
        "the reward mode is on",  # reward model
        "a policy grade of ten",  # policy gradient
        "wheat and biases",  # Weights & Biases
        "the persona of a chat bot, but",  # ChatGPT
        "in a chatbot form",  # ChatGPT
    ],
)
def test_common_english_needs_more_than_alike_letters(text: str) -> None:
    assert scan(transcript(text)) == []


def test_a_term_the_transcript_writes_lowers_the_bar_for_common_words() -> None:
    # "reward mode" alone is everyday English; where the talk is of reward models
    # (the term written elsewhere), it is a likely mishearing.
    assert scan(transcript("we tuned the reward mode")) == []
    (found,) = scan(transcript("we tuned the reward mode", "the reward model scores each answer"))
    assert found.after[0] == "we tuned the reward model"
    assert "written elsewhere" in found.reason


def test_detection_and_terms_suggest_share_one_dictionary() -> None:
    from workbench.soundalike import english, tokenize
    from workbench.termsuggest import candidate_phrases

    lexicon = english()
    assert lexicon.knows("bot") and lexicon.compound("chatbot")
    tokens = tokenize([(0, "a chat bot and a chatbot")])
    assert candidate_phrases(tokens, lexicon) == []
    assert scan(transcript("a chat bot and a chatbot")) == []


@pytest.mark.parametrize(
    ("texts", "fixed"),
    [
        # "our" is the letter R: RLHF, and "and" on the next line stays.
        (["the GPD 4s are out"], ["the GPT-4s are out"]),
        (["like gpt three point five does"], ["like GPT-3.5 does"]),
        (["the G.P.T. 4 model"], ["the GPT-4 model"]),
    ],
)
def test_suggestions_write_the_whole_term_and_delete_no_other_word(
    texts: list[str], fixed: list[str]
) -> None:
    (found,) = scan(transcript(*texts))
    assert list(found.after) == fixed


def test_a_word_after_a_spelling_of_the_term_is_not_swallowed() -> None:
    # "fine tune" is fine-tuning spelled as jargon; "GP" is no part of it.
    found = scan(transcript("instruct fine tune GP force"))
    assert not any("fine-tuning" in s.after[0] for s in found)


def test_a_mishearing_across_a_segment_boundary() -> None:
    (found,) = scan(transcript("including Sam Altman Greg Brockman Elias at", "skever we'll"))
    assert found.span == (0, 1) and (found.line, found.last_line) == (1, 2)
    assert found.after == ("including Sam Altman Greg Brockman Ilya Sutskever", "we'll")


def test_context_words_gate_a_term(tmp_path: object) -> None:
    options = [{"canonical": "GPT-4", "context": ["model"]}]
    text = transcript("we tried gpd4 today")
    assert scan(text, rule(file=None, terms=options)) == []
    with_context = transcript("we tried gpd4 today", "a language model")
    (found,) = scan(with_context, rule(file=None, terms=options))
    assert found.after[0] == "we tried GPT-4 today"


def test_context_phrases_match_as_whole_words_in_any_case() -> None:
    options = [{"canonical": "GPT-4", "context": ["language model"]}]
    assert (
        scan(
            transcript("we tried gpd4 today", "a model of language"), rule(file=None, terms=options)
        )
        == []
    )
    (found,) = scan(
        transcript("we tried gpd4 today", "a Language Model."), rule(file=None, terms=options)
    )
    assert found.after[0] == "we tried GPT-4 today"


def test_per_term_min_score_overrides_the_default() -> None:
    text = transcript("this is the Lux Friedman podcast")
    assert scan(text, rule(file=None, terms=[{"canonical": "Lex Fridman"}]))
    strict = [{"canonical": "Lex Fridman", "min_score": 0.99}]
    assert scan(text, rule(file=None, terms=strict)) == []
    assert scan(text, rule(file=None, min_score=0.99, terms=[{"canonical": "Lex Fridman"}])) == []


def test_learned_variants_strengthen_detection() -> None:
    text = transcript("we'll check the Rumba and many others")
    glossary = rule(file=None, terms=[{"canonical": "Wojciech Zaremba"}])
    assert scan(text, glossary) == []
    learned = term_rule(id="learned-1", canonical="Wojciech Zaremba", variants=["check the Rumba"])
    (found,) = scan(transcript("we'll check da Rumba and many others"), glossary, learned)
    assert "Wojciech Zaremba" in found.after[0] and "known variant" in found.reason


def test_fuzzy_term_rules_take_part() -> None:
    fuzzy = term_rule(
        id="karpathy", canonical="Andrej Karpathy", variants=["Andre Karpati"], fuzzy=True
    )
    empty = rule(file=None)
    (found,) = scan(transcript("we'll check the Rumba Andrea karpathy"), empty, fuzzy)
    assert found.after == ("we'll check the Rumba Andrej Karpathy",)


def test_auto_true_is_a_rule_file_error() -> None:
    with pytest.raises(ValidationError, match="only suggests"):
        rule(auto=True)


def test_a_missing_glossary_file_is_one_clear_error() -> None:
    with pytest.raises(RuleFileError, match="no such glossary file"):
        scan(transcript("x"), rule(file=str(DATA / "absent.txt")))


def test_glossary_file_reading() -> None:
    entries = read_glossary(DATA / "good.txt")
    assert [(e.term, e.line) for e in entries] == [
        ("Ilya Sutskever", 2),
        ("Lex Fridman", 3),
        ("GPT-4", 5),
    ]
    assert parse_glossary("\ufeff# only comments\n\n") == ()


def test_a_hash_inside_a_term_is_no_comment_and_a_stray_bom_is_dropped() -> None:
    entries = read_glossary(DATA / "hashes.txt")
    assert [(e.term, e.line) for e in entries] == [
        ("C#", 1),
        ("F#", 2),
        ("gpt-4", 3),
        ("foo#bar", 4),
        ("GPT-5", 5),
    ]


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("no-letters.txt", 2, "expected a term"),
        ("latin1.txt", 2, "not UTF-8"),
    ],
)
def test_bad_glossary_files_name_file_and_line(name: str, line: int, message: str) -> None:
    with pytest.raises(RuleFileError, match=message) as caught:
        read_glossary(DATA / name)
    assert caught.value.line == line and str(caught.value).startswith(f"{DATA / name}:{line}:")


def test_a_possessive_term_is_its_own_spelling_and_never_gets_a_second_s() -> None:
    # A transcript's token leaves a possessive "'s" outside its word; the term's
    # words must be read the same way. Before: the right spelling was flagged
    # ("Builder's" -> "Builder's's"), and a fix of "Bilder's" wrote "'s's".
    names = rule(file=None, terms=[{"canonical": "Builder's Choice"}, {"canonical": "Bilbo's"}])
    right = transcript("we like the Builder's Choice", "and the builder's choice prize")
    fixed = [s.after[0] for s in scan(right, names)]
    assert fixed == ["and the Builder's Choice prize"]
    slips = transcript("the Bilder's Choice prize", "and Bilbow's ring", "a Bilbows ring")
    fixed = [s.after[0] for s in scan(slips, names)]
    assert fixed == ["the Builder's Choice prize", "and Bilbo's ring", "a Bilbo's ring"]


def test_a_word_of_another_name_stands_for_a_term_the_transcript_writes_far_more() -> None:
    # "Marlow" of Harbor Marlow, said alone where Marlowe is written twelve times,
    # is likelier Marlowe; written four times, it is left to the other name. Within
    # "Harbor Marlow", written right, it is never a candidate.
    names = rule(file=None, terms=[{"canonical": "Marlowe"}, {"canonical": "Harbor Marlow"}])
    tail = ["we host it on Harbor Marlow today", "and then Marlow answered first"]
    often = transcript(*["then Marlowe wrote the plan"] * 12, *tail)
    assert [s.after[0] for s in scan(often, names)] == ["and then Marlowe answered first"]
    seldom = transcript(*["then Marlowe wrote the plan"] * 4, *tail)
    assert scan(seldom, names) == []


def test_a_contraction_is_no_possessive_of_a_name_it_sounds_like() -> None:
    # "Let's" is "let us": read as "Let" owning something, a capitalised "Let"
    # sounded like the name (before: "Let's" -> "Leto's" on both lines).
    names = rule(file=None, terms=[{"canonical": "Leto"}])
    said = transcript("and I thought Let's uh begin", "but still Let's", "the Leto board")
    assert scan(said, names) == []
    assert [s.after[0] for s in scan(transcript("ask Leeto's crew"), names)] == ["ask Leto's crew"]


def test_a_fix_keeps_a_function_word_the_term_does_not_sound() -> None:
    # "Vex is" sounds VKS as Ovexa does (the "is" runs into the "x"), but the term
    # needs none of the "is": the fix takes only "Vex" (before: "And Ovexa our ...").
    names = rule(file=None, terms=[{"canonical": "Ovexa"}])
    said = transcript(
        "we built Ovexa on Vex, and Vex runs it.",
        "The Vex engine drives Ovexa today.",
        "And Vex is our platform for speech",
        "so that Vex is something that reads",
    )
    fixed = [s.after[0] for s in scan(said, names)]
    assert "And Ovexa is our platform for speech" in fixed
    assert "so that Ovexa is something that reads" in fixed


def test_a_version_or_a_word_of_no_consonants_at_the_edge_stays_in_the_fix() -> None:
    # "for" is the version of Zorp-4 and "a" may be the "AI" of Nortex AI: neither
    # is a function word the fix deletes.
    names = rule(file=None, terms=[{"canonical": "Nortex AI"}, {"canonical": "Zorp-4"}])
    said = transcript(
        "we run it on Nortex AI daily", "then on nortex a it trained", "the zorp for model"
    )
    assert [s.after[0] for s in scan(said, names)] == [
        "then on Nortex AI it trained",
        "the Zorp-4 model",
    ]
