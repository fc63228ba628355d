"""The failure classes of issue 9, each with examples of our own (none from the dev set)."""

from __future__ import annotations

import pytest

from tests.soundalike.conftest import rule, scan, transcript
from workbench.model import Suggestion
from workbench.soundalike import compare, english, term_form, window_form
from workbench.soundalike.features import Setting, describe
from workbench.soundalike.forms import readings


def glossary(*terms: str) -> object:
    """A glossary rule over just these terms."""
    return rule(file=None, terms=[{"canonical": term} for term in terms])


def found(texts: list[str], *terms: str) -> list[Suggestion]:
    """What a glossary of ``terms`` flags in a transcript of ``texts``."""
    return scan(transcript(*texts), glossary(*terms))  # type: ignore[arg-type]


# Class 1: spelled right, written wrong (case and separators).
@pytest.mark.parametrize(
    ("term", "text", "fixed"),
    [
        ("JavaScript", "written in Java Script and", "written in JavaScript and"),
        ("TypeScript", "we moved to Type Script last year", "we moved to TypeScript last year"),
        ("GraphQL", "the Graph QL endpoint", "the GraphQL endpoint"),
        ("MLflow", "we log runs to ML flow", "we log runs to MLflow"),
        ("Kubeflow", "we deploy with Kube flow", "we deploy with Kubeflow"),
    ],
)
def test_case_and_separator_variants_are_flagged_with_the_exact_form(
    term: str, text: str, fixed: str
) -> None:
    (suggestion,) = found([text], term)
    assert suggestion.after == (fixed,) and suggestion.auto is False
    assert "the term's letters in another case or spacing" in suggestion.reason


def test_a_common_word_form_needs_the_transcript_to_speak_of_the_term() -> None:
    assert found(["pour it in a flask"], "Flask") == []
    (suggestion,) = found(["the app runs on flask", "Flask routes the requests"], "Flask")
    assert suggestion.after == ("the app runs on Flask",)
    assert "the term is written elsewhere" in suggestion.reason


# Class 2: one letter off in an acronym or a coined name.
@pytest.mark.parametrize(
    ("term", "text", "fixed"),
    [
        ("CUDA", "compiled with KUDA kernels", "compiled with CUDA kernels"),
        ("YOLO", "we ran YOLA on the frames", "we ran YOLO on the frames"),
        ("Prometheus", "metrics go to Promethius", "metrics go to Prometheus"),
        ("Keras", "a Kerass model", "a Keras model"),
    ],
)
def test_one_letter_off_is_flagged(term: str, text: str, fixed: str) -> None:
    (suggestion,) = found([text], term)
    assert suggestion.after == (fixed,)
    assert "decided by" in suggestion.reason


@pytest.mark.parametrize(
    ("term", "text", "fixed"),
    [
        # Greek and German "ch" said as k; a name's "Y" written as the "J" of Dutch names.
        ("Christa Roch", "a talk by Krista Rock on Monday", "a talk by Christa Roch on Monday"),
        ("Yuri Haas", "then Jury Haas joined us", "then Yuri Haas joined us"),
    ],
)
def test_a_name_said_as_its_own_language_reads_it_is_flagged(
    term: str, text: str, fixed: str
) -> None:
    assert readings(term)
    (suggestion,) = found([text], term)
    assert suggestion.after == (fixed,)


def test_one_name_alone_heard_in_another_reading_is_its_own_name() -> None:
    # "Rock" said alone, or "Jury", is as likely a name (or a word) of its own.
    assert found(["we asked Rock about it", "the Jury said no"], "Roch", "Yuri") == []


# Class 3: ordinary words standing for a term, told by the transcript itself.
def test_ordinary_words_stand_for_a_term_the_transcript_speaks_of() -> None:
    alone = ["deploy the helm chart now"]
    assert found(alone, "Helm chart") == []
    (suggestion,) = found([*alone, "a Helm chart holds the manifests"], "Helm chart")
    assert suggestion.after == ("deploy the Helm chart now",)
    assert "the term's neighbours around it" in suggestion.reason


def test_a_word_the_term_outnumbers_is_likelier_the_term_misheard() -> None:
    # "desk" said once in a talk that writes Dask five times is Dask misheard; in a
    # talk that says "desk" as often as anything, it is a desk.
    misheard = "then we ran it on desk and it scaled"
    about_dask = ["Dask schedules tasks", "with Dask", "Dask arrays", "Dask again", "Dask"]
    (suggestion,) = found([*about_dask, misheard], "Dask")
    assert suggestion.after == ("then we ran it on Dask and it scaled",)
    assert "term outnumbers the words" in suggestion.reason
    about_desks = ["Dask schedules tasks", "my desk", "a desk", "the desk", "desk again"]
    assert found([*about_desks, misheard], "Dask") == []


def test_common_words_that_only_sound_like_a_term_are_left_alone() -> None:
    assert found(["the load balance her sends traffic"], "load balancer") == []


# Class 4: false alarms.
def test_a_name_clipped_to_capitals_is_flagged_where_the_name_is_written() -> None:
    # A recogniser that does not know a name may write its first letters as an
    # acronym, even one English knows ("TER"), but only where the name is the topic.
    named = ["Terraform holds it", "in Terraform", "Terraform again", "Terraform"]
    clipped = ["so we asked TER for it", "TER said no", "then TER agreed"]
    flagged = found([*named, *clipped], "Terraform")
    assert [s.after for s in flagged] == [
        ("so we asked Terraform for it",),
        ("Terraform said no",),
        ("then Terraform agreed",),
    ]
    assert found(clipped, "Terraform") == []


def test_an_established_acronym_is_not_turned_into_a_longer_term() -> None:
    texts = ["we store it in SQL", "the SQL query", "SQL is fine"]
    assert found(texts, "SQLite") == []


@pytest.mark.parametrize(
    ("term", "text"), [("Nowhere", "we got now here fast"), ("Arya", "so are ya coming")]
)
def test_a_common_phrase_is_not_turned_into_a_name(term: str, text: str) -> None:
    assert found([text], term) == []


@pytest.mark.parametrize(
    ("term", "text", "said"),
    [("Askar", "we met Oscar at the office", "Oscar"), ("Grieq", "the Greek market", "Greek")],
)
def test_a_familiar_name_spelled_apart_is_that_name(term: str, text: str, said: str) -> None:
    # A glossary of several domains holds distant namesakes of everyday names: a name
    # English knows, spelled apart from a term the transcript never writes, is itself.
    assert found([text], term) == []
    # Where the transcript writes the term, the same name may be it misheard.
    assert [s.after for s in found([text, f"{term} again"], term)] == [(text.replace(said, term),)]
    window, form = window_form([said.lower()]), term_form(term)
    assert window is not None
    features = describe(
        compare(window, form),
        [said.lower()],
        window,
        form,
        {term.lower()},
        english(),
        names=[said],
    )
    assert "a familiar name, spelled apart" in features.notes


@pytest.mark.parametrize(("term", "said"), [("TLK", "talk"), ("PRT", "part")])
def test_an_everyday_word_is_no_acronym_said_letter_by_letter(term: str, said: str) -> None:
    # Capitals with no vowel are said one by one ("tee el kay"), never as a word,
    # however alike their sound keys and however often the transcript writes them.
    texts = [f"the {term} tool is ours", f"we use {term} daily", f"so the {said} I like"]
    assert found(texts, term) == []
    # Their letters in lowercase are still a case slip.
    assert [s.after for s in found([*texts, f"so {term.lower()} it is"], term)] == [
        (f"so {term} it is",)
    ]


def test_a_term_in_the_plural_is_no_mishearing_and_a_fix_keeps_the_ending() -> None:
    # "Stormtroopers" is the term in the plural, not a misheard Stormtrooper; in
    # another case it is a case slip whose fix keeps the plural.
    written = ["two Stormtroopers marched in", "a Stormtrooper fell"]
    assert found(written, "Stormtrooper", "chest X-ray") == []
    assert found(["the chest X-rays were clear", "a chest X-ray"], "chest X-ray") == []
    (suggestion,) = found(["export the csvs now", "the CSV is here"], "CSV")
    assert suggestion.after == ("export the CSVs now",)


def test_a_suggestion_never_keeps_a_word_it_also_absorbs() -> None:
    texts = ["the data set is big", "a dataset of cats"]
    (suggestion,) = found(texts, "dataset")
    assert suggestion.after == ("the dataset is big",)  # not "the data dataset is big"


def test_a_term_written_right_over_a_segment_boundary_is_not_cut_into_a_mishearing() -> None:
    # "Ernst and" sounds like most of the term, but it is the term's own first words.
    texts = ["our auditors are Ernst", "and Young, and Ernst and Young signed off"]
    assert found(texts, "Ernst & Young") == []


def test_a_word_already_written_as_the_term_writes_it_is_left_alone() -> None:
    # The flag stands where the misheard word is, not where the name begins.
    (suggestion,) = found(["a talk by Grace", "Hoper on compilers"], "Grace Hopper")
    assert [(edit.segment, edit.replacement) for edit in suggestion.edits] == [(1, "Hopper")]
    assert suggestion.line == 2


def test_a_dictionary_word_is_not_turned_into_a_term_it_is_a_piece_of() -> None:
    texts = ["the model Whisperer transcribes it", "a whisper was all we heard"]
    assert found(texts, "Whisperer") == []


@pytest.mark.parametrize(
    ("word", "term", "piece"),
    [("whisper", "Whisperer", True), ("red", "Redshift", True), ("panda", "Pandas", False)],
)
def test_a_piece_is_a_whole_part_of_the_term_not_a_letter_short(
    word: str, term: str, piece: bool
) -> None:
    # The term is written elsewhere, so only being a piece can rule the word out.
    window, form = window_form([word]), term_form(term)
    assert window is not None
    evidence, topic = compare(window, form), Setting(topic=True)
    features = describe(evidence, [word], window, form, (term.lower(),), english(), setting=topic)
    assert ("a part of the term" in features.notes) and features.unsupported is piece


def test_a_term_said_in_lowercase_elsewhere_is_the_talk_s_topic() -> None:
    # Auto-captions write names in lowercase: "iron dome" said elsewhere is support.
    assert found(["the iron doom fired"], "Iron Dome") == []
    texts = ["the iron dome held", "the iron doom fired"]
    flagged = {s.span[0]: s for s in found(texts, "Iron Dome")}
    assert flagged[1].after == ("the Iron Dome fired",)
    assert "the term's words are said elsewhere" in flagged[1].reason


def test_an_acronym_english_knows_used_throughout_is_not_a_mishearing() -> None:
    texts = ["the CPUs were busy", "we added CPUs", "more CPUs than ever"]
    assert found(texts, "CPTs") == []


def test_a_window_holding_a_word_made_from_the_term_is_no_mishearing_of_it() -> None:
    # "whisperer, or" sounds like Whisper, but "whisperer" is a word of its own.
    assert found(["the prompt whisperer, or model whisperer."], "Whisper") == []


def test_a_word_whose_sounds_the_longer_term_holds_adds_to_the_match() -> None:
    # "GPD" alone is likelier GPT than "chat GPD" is ChatGPT, yet "chat" is heard
    # in ChatGPT: the whole window is the mishearing.
    texts = ["so we asked chat GPD about it", "we use GPT daily"]
    (suggestion,) = found(texts, "GPT", "ChatGPT")
    assert suggestion.after == ("so we asked ChatGPT about it",)


def test_a_term_longer_than_a_window_written_in_another_case_is_flagged() -> None:
    # Six words, more than any window holds; "&" said "and" or written as it is.
    term = "This Week in Data Science & AI"
    texts = [
        "welcome to this week in data science and AI, the show",
        "see this week in data science & AI",
    ]
    flagged = found(texts, term)
    assert [s.after for s in flagged] == [
        ("welcome to This Week in Data Science & AI, the show",),
        ("see This Week in Data Science & AI",),
    ]
    assert found(["welcome to This Week in Data Science & AI"], term) == []
