"""Transcript formats, registered by name in ``FORMATS`` (see ``base.Format``), and file I/O.

``load``/``save`` are the only functions that touch paths; ``loads``/``dumps``
turn text into transcripts and back. A format is chosen by content: every
format's ``sniff`` is asked, in ``FORMATS`` order; when several claim a file its
extension breaks the tie. What none claims is plain text (``txt``) if it is prose
in a ``.txt`` file (``PlainText.not_prose``), and refused otherwise.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from workbench.atomic import write_atomic
from workbench.errors import FormatError, UsageError
from workbench.formats.ass import Ass
from workbench.formats.assemblyai import AssemblyAi
from workbench.formats.aws import Aws
from workbench.formats.azure import Azure
from workbench.formats.base import Format
from workbench.formats.captions import Captions
from workbench.formats.decoding import decode, encode
from workbench.formats.deepgram import Deepgram
from workbench.formats.export import JsonExport
from workbench.formats.google import Google
from workbench.formats.json3 import Json3
from workbench.formats.jsonlist import JsonList
from workbench.formats.lines import PlainText
from workbench.formats.pysubs import MicroDvd, Mpl2, Sami, Tmp, Ttml
from workbench.formats.revai import RevAi
from workbench.formats.sbv import Sbv
from workbench.formats.speakers import prefixed, unlabelled
from workbench.formats.speechmatics import Speechmatics
from workbench.formats.srt import Srt
from workbench.formats.text import detect_newline
from workbench.formats.vtt import Vtt
from workbench.formats.watson import Watson
from workbench.formats.whisper import Whisper
from workbench.formats.whisper_json import WhisperJson
from workbench.formats.wordcues import CUE_FORMATS, has_words, word_cues
from workbench.formats.wordjson import refuse_unclaimed
from workbench.inputs import read_input
from workbench.model import Transcript

FORMATS: dict[str, type[Format]] = {
    JsonExport.name: JsonExport,
    WhisperJson.name: WhisperJson,
    Aws.name: Aws,
    AssemblyAi.name: AssemblyAi,
    Deepgram.name: Deepgram,
    Google.name: Google,
    Azure.name: Azure,
    RevAi.name: RevAi,
    Speechmatics.name: Speechmatics,
    Watson.name: Watson,
    Json3.name: Json3,
    JsonList.name: JsonList,
    Vtt.name: Vtt,
    Ass.name: Ass,
    Whisper.name: Whisper,
    Srt.name: Srt,
    Sbv.name: Sbv,
    Captions.name: Captions,
    MicroDvd.name: MicroDvd,
    Mpl2.name: Mpl2,
    Tmp.name: Tmp,
    Sami.name: Sami,
    Ttml.name: Ttml,
    PlainText.name: PlainText,
}
"""Every format by its name; adding a format is one module plus one line here."""

_CR = "\r"

FALLBACK = PlainText.name
"""The format of a prose file that no other format claims."""

TRANSCRIPT_EXTENSIONS: frozenset[str] = frozenset(
    f".{ext}" for fmt in FORMATS.values() for ext in fmt.extensions
)
"""File endings (with the dot) that count as transcripts when a directory is given."""


def get_format(name: str) -> Format:
    """The format registered as ``name``."""
    try:
        return FORMATS[name]()
    except KeyError:
        known = ", ".join(FORMATS)
        raise UsageError(f"unknown format {name!r}; expected one of: {known}") from None


def extension_for(name: str) -> str:
    """The file ending (with the dot) written for format ``name``."""
    return "." + get_format(name).extensions[0]


def is_timed(name: str) -> bool:
    """True when format ``name`` carries start and end times."""
    return get_format(name).timed


def sniff(text: str, suffix: str = "") -> str:
    """The name of the format ``text`` is in; the file ``suffix`` only breaks ties."""
    claims = [name for name, fmt in FORMATS.items() if fmt.sniff(text)]
    for name in claims:
        if suffix.lower().lstrip(".") in FORMATS[name].extensions:
            return name
    return claims[0] if claims else FALLBACK


def loads(
    text: str, *, doc_id: str, origin: str = "<string>", format: str | None = None
) -> Transcript:
    """Parse a transcript from text; ``format`` forces one instead of sniffing.

    A file whose lines end in a lone CR (classic Mac OS) is read as if they ended
    in LF, and ``dumps`` turns them back (``Transcript.newline`` is ``"\\r"``).
    """
    if not text.strip():
        raise FormatError("empty file; expected a transcript", path=origin)
    newline = detect_newline(text)
    if newline == _CR:
        text = text.replace(_CR, "\n")
    suffix = Path(origin).suffix
    name = format or sniff(text, suffix)
    if name == FALLBACK and format is None:
        refuse_unclaimed(text, origin, FORMATS.values())
        _refuse_unless_prose(text, suffix, origin)
    transcript = get_format(name).parse(text, doc_id=doc_id, origin=origin)
    return transcript.changed(newline=newline)


def _refuse_unless_prose(text: str, suffix: str, origin: str) -> None:
    """Refuse a file that no format claims unless it is prose (``PlainText.not_prose``)."""
    what = PlainText.not_prose(text, suffix)
    if what is not None:
        read = ", ".join(name for name in FORMATS if name != FALLBACK)
        raise FormatError(
            f"{what}: not a transcript format we read; expected one of {read}, "
            "or prose in a .txt file",
            path=origin,
            line=1,
        )


def load(
    path: Path,
    *,
    doc_id: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read, decode and parse a transcript file; ``doc_id`` defaults to the file's stem.

    ``encoding`` names the file's encoding where it is not UTF-8 (see ``decoding``).
    """
    path = Path(path)
    data = read_input(path, FormatError)
    text, read_as = decode(data, str(path), encoding)
    transcript = loads(text, doc_id=doc_id or path.stem, origin=str(path), format=format)
    return transcript.changed(encoding=read_as, source_sha256=hashlib.sha256(data).hexdigest())


def dumps(
    transcript: Transcript,
    format: str | None = None,
    *,
    speakers: str = "keep",
    renumber: bool = True,
) -> str:
    """Write a transcript as text, in its own format unless ``format`` names another.

    ``speakers``: ``keep`` them where the target has a field for them (and nowhere
    else), or ``prefix``: in a format with no speaker field, each turn's first
    segment (or cue) opens with ``Name:`` (see ``speakers.prefixed``).
    ``renumber``: a format that numbers its blocks (SRT) numbers them afresh
    after a split or merge (``Format.renumbered``); False keeps the numbers read.
    """
    target = get_format(format or transcript.format)
    prefix = speakers == "prefix" and not target.speakers
    if target.name != transcript.format:
        transcript = _plain(transcript)
        if prefix:
            transcript = prefixed(transcript)  # before the layout: a label takes room on a line
        # Cues are laid out from the words only when the source has no cues of its
        # own: a WebVTT's cues (their word times read from ``<c>`` tags) keep theirs.
        from_cues = transcript.format in CUE_FORMATS
        if target.name in CUE_FORMATS and not from_cues and has_words(transcript):
            transcript = word_cues(transcript)
    elif transcript.newline == _CR:
        # Read with LF for CR (``loads``): written the same way, then given back its CRs.
        return dumps(
            transcript.changed(newline="\n"), format, speakers=speakers, renumber=renumber
        ).replace("\n", _CR)
    else:
        if renumber:
            transcript = target.renumbered(transcript)
        if prefix:
            transcript = prefixed(transcript)
    if prefix:
        transcript = unlabelled(transcript)
    # Labels written on purpose read back as speakers: only other text is checked.
    return _dumped(target, transcript, check=not prefix)


def _dumped(target: Format, transcript: Transcript, *, check: bool) -> str:
    """``target.dumps`` (its read-back checked), its errors naming the document."""
    if target.timed and any(seg.start is None or seg.end is None for seg in transcript.segments):
        raise FormatError(
            f"{transcript.doc_id} has no times ({transcript.format}); "
            f"it cannot be written as {target.name}, which needs them",
        )
    try:
        text = target.dumps(transcript)
        if check:
            target.check_read_back(transcript, text)
        return text
    except FormatError as exc:
        if exc.path is not None:
            raise
        # A writer knows the segment, not the document: name it here.
        raise FormatError(exc.message, path=transcript.doc_id) from None


def _plain(transcript: Transcript) -> Transcript:
    """The transcript with its own format's markup taken out of the texts, for a conversion."""
    source = get_format(transcript.format)
    segments = tuple(seg.changed(text=source.plain_text(seg.text)) for seg in transcript.segments)
    return transcript.changed(segments=segments)


def to_bytes(
    transcript: Transcript,
    format: str | None = None,
    *,
    speakers: str = "keep",
    renumber: bool = True,
) -> bytes:
    """``dumps`` encoded with the transcript's encoding (keeping a BOM it had).

    An export to another format is UTF-8, whatever the source was: JSON and
    WebVTT must be, and a converted file has no bytes of the source to keep.
    """
    own = format is None or format == transcript.format
    encoding = transcript.encoding if own else "utf-8"
    data = dumps(transcript, format, speakers=speakers, renumber=renumber)
    return encode(data, encoding, transcript.doc_id)


def save(transcript: Transcript, path: Path, format: str | None = None) -> None:
    """Write a transcript to ``path`` atomically (temp file, fsync, rename)."""
    write_atomic(Path(path), to_bytes(transcript, format))
