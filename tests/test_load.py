"""Loader behaviour users rely on: every format, every error as one line, every repair as a warning."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contradict.errors import InputError
from contradict.load import DEFAULT_MAX_BYTES, FileStatus, LoadResult, load_articles, sanitize_text
from contradict.sentences import split_sentences
from contradict.types import Article

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"

ENGLISH = "Russia said on Saturday that more than 10,000 troops had returned to their permanent bases after drills."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- seeds


SEED_EXPECTED = {
    "000_dc64c2a929cb3b3d": ("Fox News", "2021-12-25"),
    "001_01c9bb7f408eb690": ("Express", "2021-12-25"),
    "002_585f0ca8fba6610a": ("BBC", "2022-02-15"),
    "003_31f45d9fd64353e7": ("ZeroHedge", "2021-12-26"),
    "004_49c6faad3fe06aa2": ("AFP (unnamed republisher)", "2022-02-17"),
}


def test_seeds_load_with_outlet_and_date_from_sidecars():
    result = load_articles([SEEDS])
    assert {a.id: (a.source, a.date) for a in result.articles} == SEED_EXPECTED
    assert [a.id for a in result.articles] == sorted(SEED_EXPECTED)  # sorted, deterministic order
    assert all(a.language == "en" for a in result.articles)
    assert result.warnings == ()
    used = [f for f in result.files if f.used]
    assert [f.metadata_path for f in used] == [str(SEEDS / f"{stem}.meta.json") for stem in sorted(SEED_EXPECTED)]
    # The README describes the corpus; it is listed, not read as an article.
    assert FileStatus(str(SEEDS / "README.md"), "set aside: folder documentation") in result.files


# SHA-256 of the shared originals the seeds were copied from (checked byte for byte against the
# shared seed set when they were recorded): seeds/README.md promises the copies are unchanged.
SEED_SHA256 = {
    "000_dc64c2a929cb3b3d.txt": "397165258cb215230302f7d9ca13e78da42b74ae0bcdb1aaef833cc43587654f",
    "001_01c9bb7f408eb690.txt": "a9dc6e76b71916f70b63d8aefd7d8dc4f982e75bf22bf89d736ab2e29feace19",
    "002_585f0ca8fba6610a.txt": "3946d649625837428a958a22b6839c912b196c1bc90b5184bd55ac4096c3de3b",
    "003_31f45d9fd64353e7.txt": "0fe21fbc0230da9caf3e3ad196a719109fbc334f24dd43775a6830d50fea86f6",
    "004_49c6faad3fe06aa2.txt": "b49b6f7dfd260fad4588b80059b90eb83cec6f0c068275ad7efb879bd3039a01",
}


def test_seed_texts_are_the_shared_originals_unchanged():
    """Runs everywhere: the repository's seeds/ against the recorded digests of the originals."""
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in SEEDS.glob("*.txt")}
    assert digests == SEED_SHA256


def test_seed_sidecars_have_the_documented_keys():
    for sidecar in SEEDS.glob("*.meta.json"):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        assert set(meta) == {"source", "title", "date", "url", "note"}, sidecar.name
        assert meta["note"] and len(meta["note"]) > 80, sidecar.name


# --------------------------------------------------------------------------- formats


def test_txt_front_matter_and_headline_title(tmp_path):
    path = write(
        tmp_path / "fox.txt",
        "---\nsource: Fox News\ndate: 2021-12-25\nurl: \"https://example.com/a\"\n---\n"
        "Russia withdraws 10,000 troops\r\n\r\n" + ENGLISH + "\n",
    )
    (article,) = load_articles([path]).articles
    assert (article.source, article.date, article.url) == ("Fox News", "2021-12-25", "https://example.com/a")
    assert article.title == "Russia withdraws 10,000 troops"  # first line looks like a headline
    assert article.text.startswith("Russia withdraws") and "\r" not in article.text
    assert article.id == "fox" and article.path == str(path)


def test_source_falls_back_to_prettified_file_name_and_no_title_for_prose(tmp_path):
    (article,) = load_articles([write(tmp_path / "daily_planet.md", ENGLISH)]).articles
    assert article.source == "Daily Planet"
    assert article.title is None  # the first line is a sentence, not a headline


def test_sidecar_overrides_front_matter(tmp_path):
    write(tmp_path / "a.txt", "---\nsource: Wrong\ntitle: Kept title\n---\n" + ENGLISH)
    write(tmp_path / "a.meta.json", json.dumps({"source": "Right", "date": "25 December 2021", "note": "x"}))
    (article,) = load_articles([tmp_path / "a.txt"]).articles
    assert (article.source, article.title, article.date) == ("Right", "Kept title", "2021-12-25")


def test_leading_date_fragment_becomes_the_date_when_no_metadata(tmp_path):
    (article,) = load_articles([write(tmp_path / "x.txt", " date 2022-02-17 " + ENGLISH)]).articles
    assert article.date == "2022-02-17"
    assert article.text.startswith(" date 2022-02-17")  # text untouched; the splitter sets it aside


def test_json_object_list_and_record_ids(tmp_path):
    records = [
        {"text": ENGLISH, "source": "Reuters", "date": "2021-12-25T10:00:00Z"},
        {"text": "Moscow said the drills had ended and units were going home.", "title": "Drills end"},
    ]
    result = load_articles([write(tmp_path / "batch.json", json.dumps(records))])
    assert [a.id for a in result.articles] == ["batch#1", "batch#2"]
    assert [a.source for a in result.articles] == ["Reuters", "Batch #2"]  # unnamed records stay distinct outlets
    assert result.articles[0].date == "2021-12-25"
    assert result.articles[1].title == "Drills end"
    assert result.files[0].article_ids == ("batch#1", "batch#2")

    (single,) = load_articles([write(tmp_path / "one.json", json.dumps({"text": ENGLISH}))]).articles
    assert single.id == "one#1"


def test_jsonl_and_csv(tmp_path):
    lines = [json.dumps({"text": ENGLISH, "source": "AP"}), "", json.dumps({"text": ENGLISH + " Again.", "source": "AFP"})]
    result = load_articles([write(tmp_path / "x.jsonl", "\n".join(lines))])
    assert [(a.id, a.source) for a in result.articles] == [("x#1", "AP"), ("x#2", "AFP")]

    csv_text = 'source,text,date\nBBC,"' + ENGLISH + '",2022-02-15\nCNN,"Troops, tanks and trucks left Crimea by train.",\n'
    result = load_articles([write(tmp_path / "y.csv", csv_text)])
    assert [(a.source, a.date) for a in result.articles] == [("BBC", "2022-02-15"), ("CNN", None)]
    assert result.articles[1].text == "Troops, tanks and trucks left Crimea by train."


def test_html_visible_text_metadata_and_paragraphs(tmp_path):
    html = """<html><head><title>Page title | Site</title>
    <meta property="og:title" content="Russia pulls back troops">
    <meta property="og:site_name" content="The Herald">
    <meta property="article:published_time" content="2022-02-15T08:00:00Z">
    <style>p { color: red }</style><script>alert("x")</script></head>
    <body><nav>Home | World | Sport</nav><header>Sign in</header>
    <article><h1>Russia pulls back troops</h1><p>Russia said some units were returning to base.</p>
    <p>The West reacted <b>cautiously</b> to the news.<br>Kyiv was sceptical.</p></article>
    <aside>Most read</aside><form><input></form><footer>© The Herald</footer></body></html>"""
    result = load_articles([write(tmp_path / "page.html", html)])
    (article,) = result.articles
    assert (article.source, article.title, article.date) == ("The Herald", "Russia pulls back troops", "2022-02-15")
    body = "Russia pulls back troops\n\nRussia said some units were returning to base.\n\nThe West reacted cautiously to the news.\nKyiv was sceptical."
    assert article.text.startswith(body + "\n\n") and article.body.strip() == body
    # Page furniture is kept after the body, each block with the reason it is not the article.
    furniture = [(article.text[start:end], reason) for start, end, reason in article.set_aside_spans]
    assert furniture == [("Home | World | Sport", "navigation"), ("Sign in", "page header"), ("Most read", "sidebar"),
                         ("© The Herald", "page footer")]
    for invisible in ("alert", "color", "Page title"):
        assert invisible not in article.text
    assert any("HTML page" in w and "set aside" in w for w in article.warnings)
    assert result.warnings == article.warnings


def test_article_objects_pass_through_with_content_id():
    given = Article(text=ENGLISH, source="Reuters")
    result = load_articles([given, Article(text=ENGLISH + " More.", id="mine")])
    first, second = result.articles
    assert first.id == hashlib.sha1(ENGLISH.encode()).hexdigest()[:12]
    assert second.id == "mine"
    assert [f.status for f in result.files] == ["used", "used"]
    assert result.files[0].path == f"<Article {first.id}>"


def test_folder_recursion_sorted_skips_hidden_and_lists_other_files(tmp_path):
    write(tmp_path / "b.txt", ENGLISH)
    write(tmp_path / "sub" / "a.txt", ENGLISH + " Sub.")
    write(tmp_path / ".hidden.txt", ENGLISH)
    write(tmp_path / ".git" / "x.txt", ENGLISH)
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["b", "a"]  # files of a folder before its subfolders, each sorted
    statuses = {Path(f.path).name: f.status for f in result.files}
    assert statuses == {"b.txt": "used", "a.txt": "used", "photo.png": "set aside: not an article format"}
    assert any("not an article format (.png)" in w for w in result.warnings)
    assert any("2 hidden" in w for w in result.warnings)


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path):
    write(tmp_path / "one" / "story.txt", ENGLISH)
    write(tmp_path / "two" / "story.txt", ENGLISH + " Other.")
    result = load_articles([tmp_path / "one", tmp_path / "two"])
    assert [a.id for a in result.articles] == ["story", "story~2"]
    assert any("already taken" in w for w in result.warnings)


def test_same_file_listed_twice_is_read_once(tmp_path):
    path = write(tmp_path / "a.txt", ENGLISH)
    result = load_articles([path, str(path)])
    assert len(result.articles) == 1
    assert [f.status for f in result.files] == ["used", "set aside: listed twice"]


# --------------------------------------------------------------------------- errors (InputError, one line)


def _error(paths) -> str:
    with pytest.raises(InputError) as caught:
        load_articles(paths)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_missing_path(tmp_path):
    assert _error([tmp_path / "nope.txt"]) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_empty_folder_and_folder_without_articles(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "folder has no article files" in _error([tmp_path / "empty"])
    write(tmp_path / "junk" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "junk" / "blank.txt", "  \n")
    message = _error([tmp_path / "junk"])
    assert "no readable article" in message and "not an article format" in message


def test_no_inputs_at_all():
    assert "no input" in _error([])


def test_malformed_jsonl_names_file_and_line(tmp_path):
    lines = [json.dumps({"text": ENGLISH}), json.dumps({"text": ENGLISH}), '{"text": "broken', json.dumps({"text": "x"})]
    message = _error([write(tmp_path / "x.jsonl", "\n".join(lines))])
    assert "x.jsonl:3: not valid JSON" in message


def test_malformed_json_names_line(tmp_path):
    message = _error([write(tmp_path / "x.json", '[\n{"text": "a"},\n{"text": }\n]')])
    assert "x.json:3: not valid JSON" in message


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("x.json", json.dumps([{"body": "no text"}]), 'no "text" field (fields: body)'),
        ("x.json", json.dumps([{"text": 5}]), '"text" must be a string'),
        ("x.json", json.dumps(["just a string"]), "must be a JSON object"),
        ("x.jsonl", json.dumps({"text": "a", "source": {"name": "AP"}}), "'source' must be text"),
        ("x.csv", "title,body\nA,B\n", 'x.csv:1: CSV has no "text" column (columns: title, body)'),
        ("x.csv", "", "x.csv:1: CSV has no header row"),
        ("x.json", "[" * 100000 + "]" * 100000, "not valid JSON"),
    ],
)
def test_bad_records(tmp_path, name, content, expected):
    assert expected in _error([write(tmp_path / name, content)])


def test_binary_file(tmp_path):
    message = _error([write(tmp_path / "x.txt", b"Russia\x00\x00\x01\x02 troops")])
    assert message == f"{tmp_path / 'x.txt'}: not a text file (binary content: NUL bytes or control characters)"


def test_bad_sidecar(tmp_path):
    write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / "a.meta.json", "{source: nope}")
    assert "a.meta.json:1: not valid JSON" in _error([tmp_path / "a.txt"])


def test_json_too_large_to_cut_is_an_error(tmp_path):
    path = write(tmp_path / "big.json", json.dumps([{"text": ENGLISH}] * 50))
    assert "larger than max_bytes (100 bytes)" in _error_kw([path], max_bytes=100)


def _error_kw(paths, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        load_articles(paths, **kwargs)
    return str(caught.value)


# --------------------------------------------------------------------------- warnings (the run goes on)


def test_empty_article_is_set_aside_with_warning(tmp_path):
    write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / "b.txt", "\n \n\t\n")
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["a"]
    status = next(f for f in result.files if f.path.endswith("b.txt"))
    assert status.status == "set aside: empty article" and status.reason == "empty article"
    assert status.article_ids == ()
    assert any("b.txt: empty article" in w for w in result.warnings)


def test_empty_record_in_jsonl_is_reported(tmp_path):
    lines = [json.dumps({"text": ENGLISH}), json.dumps({"text": ""}), json.dumps({"text": None})]
    result = load_articles([write(tmp_path / "x.jsonl", "\n".join(lines))])
    assert [a.id for a in result.articles] == ["x#1"]
    assert {w for w in result.warnings if "empty" in w} == {
        f"{tmp_path / 'x.jsonl'}:2: empty article; set aside",
        f"{tmp_path / 'x.jsonl'}:3: empty article; set aside",
    }


def test_cp1252_file_is_decoded_with_warning(tmp_path):
    path = write(tmp_path / "x.txt", b"caf\xe9 \x93quoted\x94 " + ENGLISH.encode())
    result = load_articles([path])
    (article,) = result.articles
    assert article.text.startswith("café “quoted” Russia")
    assert any("cp1252" in w for w in article.warnings)
    assert any("cp1252" in w for w in result.warnings)


def test_latin1_fallback_when_not_cp1252(tmp_path):
    # 0x81 is undefined in cp1252, so only latin-1 can decode this.
    (article,) = load_articles([write(tmp_path / "x.txt", b"\x81caf\xe9 " + ENGLISH.encode())]).articles
    assert "café" in article.text and any("latin-1" in w for w in article.warnings)


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    (article,) = load_articles([write(tmp_path / "x.txt", "\ufeff".encode() + ENGLISH.encode())]).articles
    assert article.text == ENGLISH and article.warnings == ()


def test_large_file_is_cut_at_max_bytes_with_warning(tmp_path):
    body = ("Troops moved back to base. " * 40).encode()  # 1080 bytes
    path = write(tmp_path / "big.txt", "é".encode() + body)
    result = load_articles([path], max_bytes=501)
    (article,) = result.articles
    assert len(article.text.encode()) <= 501
    assert any("only the first 501 bytes were read" in w for w in result.warnings)
    assert DEFAULT_MAX_BYTES >= 1_000_000


def test_large_jsonl_keeps_whole_lines(tmp_path):
    lines = [json.dumps({"text": f"{ENGLISH} Record {n}."}) for n in range(20)]
    path = write(tmp_path / "x.jsonl", "\n".join(lines))
    result = load_articles([path], max_bytes=len(lines[0]) * 3 + 10)
    assert [a.id for a in result.articles] == ["x#1", "x#2", "x#3"]
    assert any("records after line 3 were not read" in w for w in result.warnings)


def test_ansi_and_control_characters_are_stripped_with_warning(tmp_path):
    raw = "Russia \x1b[31msaid\x1b[0m troops \x1b]0;pwned\x07left\x07 the border\u202e today.\x0b" + ENGLISH
    result = load_articles([write(tmp_path / "x.txt", raw)])
    (article,) = result.articles
    assert article.text == "Russia said troops left the border today.\n" + ENGLISH
    assert any("control character" in w for w in article.warnings)


def test_unpaired_surrogates_from_json_become_replacement_characters_with_warning(tmp_path):
    # json.loads accepts "\\ud800"; left in, it crashed the tokenizer with a traceback.
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"source": "A", "text": "Russia withdrew \ud800 troops today. " + ENGLISH}) + "\n", encoding="utf-8")
    (article,) = load_articles([path]).articles
    assert article.text.startswith("Russia withdrew \ufffd troops today.")
    assert not any("\ud800" <= character <= "\udfff" for character in article.text)
    assert any("unpaired surrogate" in w for w in article.warnings)
    (given,) = load_articles([Article(text="Troops \udc80 left. " + ENGLISH, source="B")]).articles
    assert "\ufffd" in given.text and given.text.encode("utf-8")


def test_sanitize_text_normalises_unicode_and_line_breaks():
    text, removed = sanitize_text("Cafe\u0301\r\nline\rnext\u2028end")
    assert text == "Café\nline\nnext\nend" and removed == 0


def test_non_english_article_is_flagged(tmp_path):
    german = (
        "Russland hat nach eigenen Angaben mehr als 10.000 Soldaten von der Grenze zur Ukraine abgezogen. "
        "Die Truppen seien nach Manövern in ihre Kasernen zurückgekehrt, teilte das Verteidigungsministerium mit."
    )
    result = load_articles([write(tmp_path / "de.txt", german)])
    (article,) = result.articles
    assert article.language == "de"
    assert f"{tmp_path / 'de.txt'}: looks like German (de), not English; results may be poor" in result.warnings
    # Detection can be switched off (it costs time), and then nothing is claimed.
    (article,) = load_articles([tmp_path / "de.txt"], detect_language=False).articles
    assert article.language is None


def test_unknown_date_is_left_unknown_with_warning(tmp_path):
    result = load_articles([write(tmp_path / "x.txt", "---\ndate: last Tuesday\n---\n" + ENGLISH)])
    assert result.articles[0].date is None
    assert any("date 'last Tuesday' not understood" in w for w in result.warnings)


def test_load_result_is_frozen_and_has_a_frame(tmp_path):
    result = load_articles([write(tmp_path / "a.txt", ENGLISH)])
    assert isinstance(result, LoadResult)
    with pytest.raises(AttributeError):
        result.articles = ()  # type: ignore[misc]
    frame = result.files_frame()
    assert list(frame.columns) == ["path", "status", "article_ids", "warnings", "metadata_path"]
    assert frame.loc[0, "status"] == "used"


# --------------------------------------------------------------------------- properties

SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".csv", ".html", ".bin"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_the_loader(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        result = load_articles([path], detect_language=False)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert len(result.files) == 1
    for article in result.articles:
        assert article.text.strip()
        assert sanitize_text(article.text)[1] == 0  # nothing left that could drive a terminal


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_random_text_never_crashes_the_loader(tmp_path, text, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        result = load_articles([path])
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert all(f.status == "used" or f.status.startswith("set aside: ") for f in result.files)


def test_symlinked_folders_are_not_followed_but_reported(tmp_path):
    write(tmp_path / "corpus" / "a.txt", ENGLISH)
    (tmp_path / "corpus" / "loop").symlink_to(tmp_path / "corpus", target_is_directory=True)
    result = load_articles([tmp_path / "corpus"])
    assert [a.id for a in result.articles] == ["a"]
    assert any("did not follow 1 symlinked folder" in w for w in result.warnings)


def test_broken_link_in_folder_is_listed(tmp_path):
    write(tmp_path / "a.txt", ENGLISH)
    (tmp_path / "b.txt").symlink_to(tmp_path / "missing.txt")
    result = load_articles([tmp_path])
    assert [f.status for f in result.files] == ["used", "set aside: not a regular file"]


def test_error_messages_cannot_drive_the_terminal(tmp_path):
    message = _error([tmp_path / "evil\x1b[2J\nname.txt"])
    assert "\x1b" not in message and "\n" not in message
    assert message.endswith("evil name.txt: no such file or folder")  # escape removed whole


def test_control_character_soup_without_nul_is_binary(tmp_path):
    data = bytes(range(1, 9)) * 50 + ENGLISH.encode()
    assert "not a text file" in _error([write(tmp_path / "x.txt", data)])


def test_markdown_front_matter(tmp_path):
    text = "---\ntitle: 'Troops pull back'\nsource: The Herald\n---\n# Troops pull back\n\n" + ENGLISH
    (article,) = load_articles([write(tmp_path / "story.md", text)]).articles
    assert (article.title, article.source) == ("Troops pull back", "The Herald")
    assert article.text.startswith("# Troops pull back")


def test_title_given_apart_from_the_text_is_read_as_its_headline(tmp_path):
    # A headline is an outlet's claim: a title kept in front matter is read as the first sentence.
    text = "---\ntitle: \"Council Approves 12 New Parks\"\nsource: The Herald\n---\n\n" + ENGLISH
    (article,) = load_articles([write(tmp_path / "story.md", text)]).articles
    assert article.text.startswith("Council Approves 12 New Parks\n\n") and article.text.endswith(ENGLISH)
    used = [s.text for s in split_sentences(article) if s.status == "used"]
    assert used[0] == "Council Approves 12 New Parks"


@pytest.mark.parametrize("first_line", ["# Council approves 12 new parks", "Council Approves 12 New Parks | City | News"])
def test_title_already_opening_the_text_is_not_repeated(tmp_path, first_line):
    text = f"---\ntitle: Council Approves 12 New Parks\n---\n{first_line}\n\n" + ENGLISH
    (article,) = load_articles([write(tmp_path / "story.md", text)]).articles
    assert article.text.startswith(first_line) and article.text.count("12 New Parks") + article.text.count("12 new parks") == 1


def test_in_memory_article_title_is_read_as_its_headline():
    (article,) = load_articles([Article(text=ENGLISH, title="Council Approves 12 New Parks", id="a")]).articles
    assert article.text == "Council Approves 12 New Parks\n\n" + ENGLISH


def test_in_memory_article_metadata_is_cleaned_and_empty_one_set_aside():
    result = load_articles(
        [Article(text=ENGLISH, source="Evil\x1b[31m News", title="T\x07itle", date="25 Dec 2021"), Article(text=" \n", id="blank")]
    )
    (article,) = result.articles
    assert (article.source, article.title, article.date) == ("Evil News", "Title", "2021-12-25")
    assert [f.status for f in result.files] == ["used", "set aside: empty article"]
    assert result.files[1].path == "<Article blank>"


# --------------------------------------------------------------------------- decoding byte by byte (issue 17)


def test_one_stray_byte_becomes_a_replacement_character_and_the_rest_stays_utf8(tmp_path):
    text = "Russia’s army “withdrew” 10,000 troops from the border, officials in Kyiv said."
    data = text.encode()
    cut = data.index(b"troops")
    path = write(tmp_path / "x.txt", data[:cut] + b"\xff" + data[cut:])
    (article,) = load_articles([path]).articles
    assert article.text == text.replace("troops", "\ufffdtroops")       # curly quotes intact, one U+FFFD
    (warning,) = article.warnings
    assert str(path) in warning and f"byte offset {cut}" in warning and "U+FFFD" in warning


def test_many_stray_bytes_are_counted_and_the_first_offsets_named(tmp_path):
    data = "Kyiv’s “mayor” said. ".encode() * 3 + b"\xfe \xfe \xfe \xfe \xfe \xfe \xfe " + ENGLISH.encode()
    (article,) = load_articles([write(tmp_path / "x.txt", data)]).articles
    assert article.text.count("\ufffd") == 7 and "’" in article.text
    assert "7 invalid UTF-8 byte sequence(s)" in article.warnings[0] and "and 2 more" in article.warnings[0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(tmp_path, encoding):
    (article,) = load_articles([write(tmp_path / "x.txt", ENGLISH.encode(encoding))]).articles
    assert article.text == ENGLISH
    assert any(encoding.upper() in w and "no byte-order mark" in w for w in article.warnings)


def test_random_high_bytes_are_not_taken_for_text(tmp_path):
    import random

    noise = random.Random(17)
    path = write(tmp_path / "x.txt", bytes(noise.randrange(128, 256) for _ in range(8192)))
    assert "not a text file" in _error([path])


def test_a_cyrillic_legacy_encoding_is_read_as_such(tmp_path):
    text = "Россия заявила, что отвела 10 000 военных от границы, сообщили в Минобороны. " * 3
    (article,) = load_articles([write(tmp_path / "x.txt", text.encode("cp1251"))], detect_language=False).articles
    assert article.text == text and "cp1251" in article.warnings[0]


# --------------------------------------------------------------------------- odd inputs (issue 17, point 6)


@pytest.mark.parametrize("name, content, what", [
    ("x.csv", "text,source\n", "a header row only"),
    ("x.json", "[]", "an empty list"),
    ("x.jsonl", "\n\n  \n", "no JSON line"),
])
def test_a_record_file_without_records_is_set_aside_with_a_warning(tmp_path, name, content, what):
    write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / name, content)
    result = load_articles([tmp_path])
    status = next(f for f in result.files if f.path.endswith(name))
    assert status.status == "set aside: no records" and not status.article_ids
    assert f"{tmp_path / name}: no records ({what}); set aside" in result.warnings
    assert "no records" in _error([tmp_path / name])   # alone, there is nothing to read


def test_a_symlink_loop_is_named_as_such(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert _error([tmp_path / "loop.txt"]).endswith("loop.txt: symbolic link loop (the link leads back to itself)")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    assert "broken symbolic link" in _error([tmp_path / "dangling.txt"])


def test_control_characters_in_a_file_name_reach_no_id_outlet_or_path(tmp_path):
    write(tmp_path / "evil\x1b[31mname\x07.txt", ENGLISH)
    result = load_articles([tmp_path])
    (article,) = result.articles
    for value in (article.id, article.source, article.path, *result.warnings, *(f.path for f in result.files)):
        assert sanitize_text(value)[1] == 0 and "\x1b" not in value, value
    assert article.id == "evilname" and any("control characters removed from the file name" in w for w in result.warnings)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/a", "//example.org"])
def test_a_url_that_is_not_http_is_dropped_with_a_warning(tmp_path, url):
    path = write(tmp_path / "a.txt", f"---\nurl: {url}\n---\n{ENGLISH}")
    (article,) = load_articles([path]).articles
    assert article.url is None and any("is not an http(s) address; dropped" in w for w in article.warnings)
    (given,) = load_articles([Article(text=ENGLISH, url=url, id="mem\x1bory")]).articles
    assert given.url is None and given.id == "memory" and any("dropped" in w for w in given.warnings)
    (kept,) = load_articles([Article(text=ENGLISH, url="https://example.org/a")]).articles
    assert kept.url == "https://example.org/a"
