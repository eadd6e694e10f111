"""Language detection users rely on: each article's language is recorded, non-English ones are flagged.

Clearly English text takes a shortcut (English function words) instead of langdetect;
these tables check that the shortcut gives langdetect's answer wherever it is taken,
and that everything else still reaches langdetect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contradict.load import LANGUAGE_SAMPLE_CHARS, _clearly_english, _detect_language, load_articles

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# One news paragraph per language, all on the same event (so the vocabulary is alike).
NEWS = {
    "en": (
        "Russia said on Tuesday it was pulling back some of the troops it had massed near Ukraine's border, but NATO "
        "said it had seen no sign of de-escalation. The defence ministry released footage of tanks being loaded onto "
        "trains in Crimea, and officials in Moscow told reporters that units of the southern and western military "
        "districts had completed their exercises. Western leaders remained sceptical, saying they would judge Russia "
        "by its actions rather than its words."
    ),
    "fr": (
        "La Russie a annoncé mardi le retrait d'une partie des troupes massées près de la frontière ukrainienne, mais "
        "l'OTAN affirme n'avoir constaté aucun signe de désescalade. Le ministère de la Défense a diffusé des images de "
        "chars chargés sur des trains en Crimée, et des responsables à Moscou ont déclaré aux journalistes que les "
        "unités des districts militaires du sud et de l'ouest avaient achevé leurs exercices."
    ),
    "de": (
        "Russland hat am Dienstag angekündigt, einen Teil der an der ukrainischen Grenze zusammengezogenen Truppen "
        "abzuziehen, doch die NATO sieht nach eigenen Angaben keine Anzeichen für eine Deeskalation. Das "
        "Verteidigungsministerium veröffentlichte Aufnahmen von Panzern, die auf der Krim auf Züge verladen wurden, und "
        "Beamte in Moskau sagten Journalisten, die Einheiten hätten ihre Übungen beendet."
    ),
    "es": (
        "Rusia anunció el martes que retiraba parte de las tropas concentradas cerca de la frontera con Ucrania, pero la "
        "OTAN aseguró que no había visto ninguna señal de desescalada. El Ministerio de Defensa difundió imágenes de "
        "tanques cargados en trenes en Crimea, y funcionarios en Moscú dijeron a los periodistas que las unidades de los "
        "distritos militares del sur y del oeste habían concluido sus ejercicios."
    ),
    "ru": (
        "Россия во вторник заявила об отводе части войск, сосредоточенных у границы с Украиной, однако в НАТО сообщили, "
        "что не видят признаков деэскалации. Министерство обороны опубликовало кадры погрузки танков на железнодорожные "
        "платформы в Крыму, а официальные лица в Москве сообщили журналистам, что подразделения Южного и Западного "
        "военных округов завершили учения."
    ),
    "uk": (
        "Росія у вівторок заявила про відведення частини військ, зосереджених біля кордону з Україною, проте в НАТО "
        "повідомили, що не бачать ознак деескалації. Міністерство оборони оприлюднило кадри завантаження танків на "
        "залізничні платформи в Криму, а посадовці в Москві сказали журналістам, що підрозділи Південного та Західного "
        "військових округів завершили навчання."
    ),
    "it": (
        "La Russia ha annunciato martedì il ritiro di parte delle truppe ammassate vicino al confine con l'Ucraina, "
        "ma la NATO ha dichiarato di non aver visto alcun segnale di allentamento della tensione. Il ministero della "
        "Difesa ha diffuso immagini di carri armati caricati sui treni in Crimea."
    ),
    "pt": (
        "A Rússia anunciou na terça-feira a retirada de parte das tropas concentradas perto da fronteira com a "
        "Ucrânia, mas a NATO afirmou não ter visto qualquer sinal de desanuviamento. O Ministério da Defesa divulgou "
        "imagens de tanques a serem carregados em comboios na Crimeia."
    ),
    # Languages that share short words with English ("at", "for", "of", "in", "is", "to"): no shortcut for them.
    "pl": (
        "Rosja ogłosiła we wtorek wycofanie części wojsk skoncentrowanych przy granicy z Ukrainą, ale NATO twierdzi, "
        "że nie widzi oznak deeskalacji. Ministerstwo Obrony opublikowało nagrania czołgów ładowanych na pociągi na "
        "Krymie, a urzędnicy w Moskwie powiedzieli dziennikarzom, że jednostki zakończyły ćwiczenia."
    ),
    "nl": (
        "Rusland heeft dinsdag aangekondigd een deel van de troepen die bij de Oekraïense grens waren samengetrokken "
        "terug te trekken, maar de NAVO zegt geen tekenen van de-escalatie te zien. Het ministerie van Defensie "
        "verspreidde beelden van tanks die in de Krim op treinen werden geladen."
    ),
    "da": (
        "Rusland meddelte tirsdag, at en del af de tropper, der er samlet ved grænsen til Ukraine, trækkes tilbage, men "
        "NATO siger, at der ikke er set tegn på nedtrapning. Forsvarsministeriet har offentliggjort billeder af "
        "kampvogne, der læsses på tog på Krim, og embedsmænd i Moskva fortalte journalister, at enhederne havde "
        "afsluttet deres øvelser."
    ),
    "en with a French quote": (
        "French President Emmanuel Macron said on Tuesday that Europe must stay united in the face of the crisis. "
        "Speaking to reporters in Paris, he said: « Nous ne céderons rien sur la souveraineté de l'Ukraine, et nous "
        "resterons unis avec nos partenaires européens. » The comments came as Russia said it was pulling back some of "
        "the troops it had massed near the border, a claim that NATO officials said they had not yet been able to "
        "verify. Diplomats in Brussels said the next days would be decisive."
    ),
    "fr with an English quote": (
        "Le président américain Joe Biden a déclaré mardi que les États-Unis restaient prêts à répondre à toute "
        "attaque. « We are ready no matter what happens », a-t-il affirmé devant la presse à la Maison-Blanche, avant "
        "d'ajouter que la voie diplomatique restait ouverte. Selon Washington, la Russie n'a pas encore retiré ses "
        "troupes de la frontière ukrainienne, contrairement à ce qu'affirme Moscou."
    ),
}
EXPECTED = {
    "en": "en", "fr": "fr", "de": "de", "es": "es", "ru": "ru", "uk": "uk", "it": "it", "pt": "pt", "pl": "pl",
    "nl": "nl", "da": "da",
    "en with a French quote": "en", "fr with an English quote": "fr",
}
LANGUAGE_NAMES = {
    "fr": "French", "de": "German", "es": "Spanish", "ru": "Russian", "uk": "Ukrainian", "it": "Italian",
    "pt": "Portuguese", "pl": "Polish", "nl": "Dutch", "da": "Danish",
}
# Texts the shortcut must leave to langdetect: too few words, too few function words
# (a list of names), mostly a foreign quotation.
NOT_CLEARLY_ENGLISH = {
    "short sentence": "Russia said it pulled back troops from the border on Tuesday.",
    "list of names": (
        "Vladimir Putin, Volodymyr Zelenskyy, Joe Biden, Olaf Scholz, Emmanuel Macron, Boris Johnson, "
        "Jens Stoltenberg, Sergei Lavrov, Antony Blinken, Dmitry Peskov."
    ),
    "English frame, French quote": (
        "Macron said: « Nous ne céderons rien sur la souveraineté de l'Ukraine, nous resterons unis avec nos "
        "partenaires européens, et nous répondrons à toute agression avec fermeté et détermination », before leaving."
    ),
}


def langdetect_answer(text: str) -> str:
    """What langdetect alone says (fixed seed, same sample), the reference the shortcut must match."""
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    return detect(text[:LANGUAGE_SAMPLE_CHARS])


@pytest.fixture
def no_langdetect(monkeypatch):
    """Make any call to langdetect fail, to show a text was recognised without it."""
    import langdetect

    def refuse(text):
        raise AssertionError("langdetect was called")

    monkeypatch.setattr(langdetect, "detect", refuse)


@pytest.mark.parametrize("name", sorted(NEWS))
def test_language_is_recorded_and_non_english_is_flagged(tmp_path, name):
    path = tmp_path / "article.txt"
    path.write_text(NEWS[name], encoding="utf-8")
    result = load_articles([path])
    (article,) = result.articles
    assert article.language == EXPECTED[name]
    flagged = [w for w in result.warnings if "not English; results may be poor" in w]
    if EXPECTED[name] == "en":
        assert flagged == []
    else:
        code = EXPECTED[name]
        assert flagged == [f"{path}: looks like {LANGUAGE_NAMES[code]} ({code}), not English; results may be poor"]


@pytest.mark.parametrize("name", sorted(NEWS))
def test_detection_gives_langdetects_answer(name):
    assert _detect_language(NEWS[name]) == langdetect_answer(NEWS[name]) == EXPECTED[name]


@pytest.mark.parametrize(
    "name, clearly_english",
    [(name, EXPECTED[name] == "en") for name in sorted(NEWS)] + [(name, False) for name in sorted(NOT_CLEARLY_ENGLISH)],
)
def test_shortcut_is_taken_only_for_clearly_english_text(name, clearly_english):
    text = NEWS.get(name) or NOT_CLEARLY_ENGLISH[name]
    assert _clearly_english(text[:LANGUAGE_SAMPLE_CHARS]) is clearly_english


@pytest.mark.parametrize("name", sorted(NOT_CLEARLY_ENGLISH))
def test_text_that_is_not_clearly_english_still_gets_langdetects_answer(name):
    text = NOT_CLEARLY_ENGLISH[name]
    assert _detect_language(text) == langdetect_answer(text)


def test_english_news_is_recognised_without_langdetect(no_langdetect):
    # This is what makes loading 500 articles fast: langdetect is never loaded for English news.
    articles = load_articles([SEEDS]).articles
    assert [a.language for a in articles] == ["en"] * 5
    assert _detect_language(NEWS["en"]) == "en"
    with pytest.raises(AssertionError, match="langdetect was called"):
        _detect_language(NEWS["fr"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", None),
        ("12,000 troops / 3 days / 45 km", None),  # too few letters to guess
        ("Troops left. " * 3, None),  # 30 letters
        ("Troops withdrew from the border region.", None),  # 34 letters
    ],
)
def test_too_little_text_has_no_language(text, expected):
    assert _detect_language(text) is expected


def test_detection_is_repeatable(monkeypatch):
    # An ambiguous text: langdetect, unseeded, calls it German about two times in three, else Italian.
    from langdetect import DetectorFactory

    names = "Olaf Scholz, Emmanuel Macron, Mario Draghi, Pedro Sanchez, Mark Rutte, Andrzej Duda, Petr Fiala."
    monkeypatch.setattr(DetectorFactory, "seed", None)  # restored after the test
    answers = set()
    for _ in range(12):
        DetectorFactory.seed = None  # whatever another caller left behind
        answers.add(_detect_language(names))
    assert len(answers) == 1
