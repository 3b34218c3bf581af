"""The French master against the original press kit (source/original/): every sentence of the
original is in a msgid, and every fact the notebooks compute cites words of the original.

Content tests: they read the real press kit, so editing the content may change them; the
engine tests never read it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from localepress.catalogs.po import read_catalog
from localepress.editions.localize import plain_text

REPO = Path(__file__).resolve().parents[2]
ORIGINAL = REPO / "source" / "original" / "dossier-de-presse-2022-04-13.txt"
FACTS = REPO / "source" / "facts.yml"

# The corrections recorded in the master's metadata (`localepress.corrections`), as
# (original, master) pairs: the master differs from the original only by these.
CORRECTIONS = [
    ("Bamboueraie", "Bambouseraie"),
    ("posées c'est", "posée c'est"),
    ('"', "«"),  # straight quotes → guillemets (the closing one normalises the same way)
    ("»", "«"),
    ("(cf ", "(cf. "),
    (" - ", " – "),
    (", ...", "…"),
]

# Lines of the original that became computed content (source/facts.yml): they are checked in
# the published French edition (tests/content/test_editions.py) and their facts below.
COMPUTED = {"Mercredi 13 avril 2022", "ATOME, Alès", "Romain Capelle", "Christine Zanella"}


def original_lines() -> list[str]:
    text = ORIGINAL.read_text(encoding="utf-8")
    return text.split("\n", 1)[1].splitlines()  # the first line says what the file is


def normalise(text: str) -> str:
    for before, after in CORRECTIONS:
        text = text.replace(before, after)
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text).replace("« ", "«").replace(" «", "«")
    return text.casefold().strip()


def original_sentences() -> list[str]:
    sentences = []
    for line in original_lines():
        line = re.sub(r"^\s*(#+|-|>|▲)\s*", "", line).replace("▲", "").strip()
        if not line or set(line) <= {"-"} or line in COMPUTED or "@alesagglo.fr" in line:
            continue
        text = plain_text(line)
        sentences += [s for s in re.split(r"(?<=[.?!;:])\s+", text) if re.search(r"\w", s)]
    return sentences


def test_the_original_is_in_the_repository_and_says_what_it_is():
    first = ORIGINAL.read_text(encoding="utf-8").splitlines()[0]
    assert "original" in first and "13 April 2022" in first
    assert any("Le Sud Ingénieux" in line for line in original_lines())


def test_every_sentence_of_the_original_is_in_a_msgid():
    msgids = []
    for pot in (REPO / "locales").glob("*.pot"):
        msgids += [normalise(plain_text(entry.msgid)) for entry in read_catalog(pot)]
    sentences = original_sentences()
    assert len(sentences) > 100
    missing = [s for s in sentences if not any(normalise(s) in msgid for msgid in msgids)]
    assert missing == []


def _facts_with_sources(node, where=""):
    if isinstance(node, dict):
        if "source" in node:
            yield where, node
        for key, value in node.items():
            yield from _facts_with_sources(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _facts_with_sources(value, f"{where}[{index}]")


def test_every_fact_cites_words_of_the_original():
    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    original = " ".join(original_lines())
    cited = dict(_facts_with_sources(facts))
    assert set(cited) >= {"lancement", "audace", "concours", "campagnes_metro", "mission",
                          "projet_de_territoire", "contacts[0]", "contacts[1]"}  # fmt: skip
    for where, fact in cited.items():
        for part in fact["source"].split(" / "):  # " / " stands for a line break
            assert normalise(part) in normalise(original), (where, part)


def test_each_fact_value_is_the_one_its_source_states():
    """The values the notebooks format are the ones the cited words give."""
    from babel.dates import format_date

    facts = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    number_words = {3: "trois", 4: "quatre"}

    def month(value):
        return format_date(value, "MMMM y", locale="fr")

    expected = {
        "lancement": [format_date(facts["lancement"]["date"], "d MMMM y", locale="fr"),
                      facts["lancement"]["lieu"]],
        "audace": [str(facts["audace"]["annee"]), "Audace"],
        "concours": [f"{facts['concours']['edition']}<sup>e</sup> édition",
                     "près d'un million d'euros"],
        "campagnes_metro": [str(facts["campagnes_metro"]["annee"]), "métro"],
        "mission": [month(facts["mission"]["debut"]), month(facts["mission"]["fin"]),
                    number_words[facts["mission"]["mois"]] + " mois"],
        "projet_de_territoire": [month(facts["projet_de_territoire"]["vote"]),
                                 f"{facts['projet_de_territoire']['axe']}<sup>e</sup> axe"],
    }  # fmt: skip
    assert facts["concours"]["dotations"] == 1_000_000  # "près d'un million d'euros"
    for fact, words in expected.items():
        for word in words:
            assert word in facts[fact]["source"], (fact, word)
    body = normalise(" ".join(original_lines()))
    assert f"{number_words[facts['campagnes_metro']['nombre']]} campagnes" in body
    for person in facts["contacts"]:
        national = "0" + person["telephone"].removeprefix("+33")
        spaced = " ".join(national[i : i + 2] for i in range(0, 10, 2))
        assert person["nom"] in person["source"] and person["email"] in person["source"]
        assert spaced in person["source"]
