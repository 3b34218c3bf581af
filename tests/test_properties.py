"""Properties over generated input (hypothesis), each through the real GNU tools.

- Localizing a notebook with the identity catalog gives back its text, every segment found.
- extract → update → compile → load: every msgid of a notebook reaches the compiled catalog.
- write_catalog then read_catalog gives back every field of every entry.
- A merge (and an update) keeps every translation: active, fuzzy or obsolete.
Example counts are modest: the suite runs on two cores in a few minutes.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import polib
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from localepress.catalogs.extract import extract, notebook_messages
from localepress.catalogs.merge import msgstr_first
from localepress.catalogs.po import canonical_text, compile_catalogs, read_catalog, write_catalog
from localepress.catalogs.segment import segments
from localepress.catalogs.update import merged_text, update_catalogs
from localepress.editions.localize import localize
from localepress.languages import table
from localepress.project import Project, read_notebook

LANGUAGES = table(
    Project(Path(__file__).parent / "fixtures" / "project")
)  # the project's languages, in its order


def examples(count: int) -> settings:
    return settings(max_examples=count, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


# Text a translator or an author may write: any character but surrogates and control
# characters, except the line breaks and tabs that Markdown and PO both carry.
TEXT = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t")
LINE = st.characters(blacklist_categories=("Cs", "Cc"))
MARKDOWN_LINES = st.lists(
    st.one_of(
        st.text(LINE, max_size=40),
        st.sampled_from(
            ["", "# Titre", "## T *it*", "- item", "  - sous-item", "> citation", "1. n",
             "| a | b |", "|---|---|", "| x | y |", "```", "**gras", "<span lang=\"oc\">x</span>",
             "[lien](https://alesagglo.fr)", "Le 1<sup>er</sup> mai", "texte\\", "    code",
             "<div>", "</div>", "***", "Titre\n=====", "a  ", "`code`"]
        ),
    ),
    min_size=1,
    max_size=14,
)  # fmt: skip
MARKDOWN = MARKDOWN_LINES.map("\n".join)


def notebook(cells: list[tuple[str, str]]) -> dict:
    """An nbformat 4 notebook of (kind, source) cells."""
    return {
        "cells": [
            {"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": source}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for i, (kind, source) in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip


def header() -> dict[str, str]:
    return {
        "Project-Id-Version": "gen",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": LANGUAGES["en"].plural_forms,
    }


def translate(text: str) -> str:
    """A visible translation that keeps what msgfmt -c compares: leading and trailing
    newlines and brace placeholders."""
    lead, core, tail = re.fullmatch(r"(\n*)(.*?)(\n*)", text, re.DOTALL).groups()
    return f"{lead}«{core}»{tail}"


# 1. Localizing with the identity catalog --------------------------------------------------


@examples(100)
@given(st.lists(MARKDOWN, min_size=1, max_size=4))
def test_localizing_with_the_identity_catalog_gives_back_the_notebook(tmp_path_factory, cells):
    tmp_path = tmp_path_factory.mktemp("localize")
    nb_path = tmp_path / "gen.ipynb"
    nb_path.write_text(json.dumps(notebook([("markdown", c) for c in cells])), encoding="utf-8")
    nb = read_notebook(nb_path)
    texts = list(dict.fromkeys(s.text for cell in nb.cells for s in segments(cell.source)))
    po = polib.POFile()
    po.metadata = header()
    po.extend(polib.POEntry(msgid=text, msgstr=text) for text in texts)
    write_catalog(po, tmp_path / "en.po")  # through msgcat and back: GNU's view of each msgid
    result = localize(nb, "en", read_catalog(tmp_path / "en.po"))
    assert [c.source for c in result.notebook.cells] == [c.source for c in nb.cells]
    assert result.fallbacks == []
    assert result.translated == sum(len(segments(cell.source)) for cell in nb.cells)


# 2. extract → update → compile → load ------------------------------------------------------

# No leading or trailing newline: msgfmt refuses any translation of ngettext("a", "b\n", n).
CODE_TEXT = st.text(TEXT, min_size=1, max_size=30).map(lambda s: s.strip("\n")).filter(str.strip)


@st.composite
def code_cells(draw) -> str:
    """A code cell calling _(), pgettext() and ngettext() on generated strings."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["_", "pgettext", "ngettext"]))
        text = draw(CODE_TEXT)
        if kind == "_":
            lines.append(f"_({text!r})")
        elif kind == "pgettext":
            lines.append(f"pgettext({draw(CODE_TEXT)!r}, {text!r})")
        else:
            lines.append(f"ngettext({text!r}, {draw(CODE_TEXT)!r}, n)")
    return "\n".join(lines)


@examples(40)
@given(st.lists(MARKDOWN.map(lambda s: ("markdown", s)) | code_cells().map(lambda s: ("code", s)),
                min_size=1, max_size=4))  # fmt: skip
def test_extract_update_compile_load_round_trips_every_msgid(tmp_path_factory, cells):
    root = tmp_path_factory.mktemp("gen")
    (root / "notebooks").mkdir()
    (root / "locales").mkdir()
    project = Project(root)
    project.notebook("gen").write_text(json.dumps(notebook(cells)), encoding="utf-8")
    messages = notebook_messages(project.notebook("gen"), "notebooks/gen.ipynb")
    assume(messages)
    extract(project, ["gen"])
    update_catalogs(project, ["en"], ["gen"])
    po = read_catalog(project.catalog("en", "gen"))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: translate(entry.msgid), 1: translate(entry.msgid_plural)}
        else:
            entry.msgstr = translate(entry.msgid)
    write_catalog(po, project.catalog("en", "gen"))
    compile_catalogs(project, ["en"], ["gen"])
    with open(project.catalog("en", "gen").with_suffix(".mo"), "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for message in messages:
        if message.plural is not None:
            assert catalog.ngettext(message.msgid, message.plural, 1) == translate(message.msgid)
            assert catalog.ngettext(message.msgid, message.plural, 5) == translate(message.plural)
        elif message.context is not None:
            assert catalog.pgettext(message.context, message.msgid) == translate(message.msgid)
        else:
            assert catalog.gettext(message.msgid) == translate(message.msgid)
    markdown = [s.text for c in cells if c[0] == "markdown" for s in segments(c[1])]
    assert set(markdown) <= {m.msgid for m in messages}


# 3. write_catalog / read_catalog ------------------------------------------------------------

# msgfmt refuses a translated entry whose msgid and msgstr disagree on a leading or trailing
# newline (test_reliability_catalogs shows the writer refuses it too): generated text has none.
MSG = st.text(TEXT, min_size=1, max_size=40).map(lambda s: s.strip("\n") or "x")
COMMENT = st.text(LINE, max_size=30).map(str.strip)
REFERENCE = st.tuples(
    st.from_regex(r"[a-z][a-z0-9_/.-]{0,15}\.ipynb#[a-z0-9-]{1,8}", fullmatch=True),
    st.integers(1, 999).map(str),
)
FLAGS = st.lists(
    st.sampled_from(["python-format", "python-brace-format", "no-wrap", "c-format"]),
    unique=True,
    max_size=2,
)


@st.composite
def catalog_entries(draw) -> polib.POFile:
    po = polib.POFile()
    po.metadata = header()
    keys = draw(st.lists(st.tuples(st.none() | MSG, MSG), min_size=1, max_size=8,
                         unique_by=lambda key: key))  # fmt: skip
    entries = []
    for context, msgid in keys:
        entry = polib.POEntry(msgctxt=context, msgid=msgid)
        if draw(st.booleans()):
            entry.msgid_plural = draw(MSG)
            entry.msgstr_plural = {0: draw(MSG), 1: draw(MSG)}
        else:
            entry.msgstr = draw(MSG)
        entry.obsolete = draw(st.integers(0, 4)) == 0
        entry.tcomment = "\n".join(draw(st.lists(COMMENT.filter(bool), max_size=2)))
        if not entry.obsolete:  # GNU keeps only translator comments and flags on obsolete
            entry.comment = "\n".join(draw(st.lists(COMMENT.filter(bool), max_size=2)))
            entry.occurrences = draw(st.lists(REFERENCE, max_size=3, unique=True))
            entry.flags = draw(FLAGS) if "{" not in msgid and "%" not in msgid else []
        if draw(st.booleans()):
            entry.flags.insert(0, "fuzzy")
            entry.previous_msgctxt = draw(st.none() | MSG)
            entry.previous_msgid = draw(MSG)
            if entry.msgid_plural and draw(st.booleans()):
                entry.previous_msgid_plural = draw(MSG)
        entries.append(entry)
    po.extend([e for e in entries if not e.obsolete] + [e for e in entries if e.obsolete])
    return po


FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "tcomment", "comment",
          "occurrences", "obsolete", "previous_msgctxt", "previous_msgid",
          "previous_msgid_plural")  # fmt: skip


def fields(entry: polib.POEntry) -> dict:
    found = {name: getattr(entry, name) or None for name in FIELDS}
    found["msgstr_plural"] = {int(k): v for k, v in entry.msgstr_plural.items()} or None
    found["occurrences"] = [tuple(o) for o in entry.occurrences] or None
    found["flags"] = sorted(entry.flags)
    return found


@examples(150)
@given(catalog_entries())
def test_writing_any_catalog_and_reading_it_back_is_lossless(tmp_path_factory, po):
    tmp_path = tmp_path_factory.mktemp("round")
    path = tmp_path / "round.po"
    write_catalog(po, path)
    back = read_catalog(path)
    assert back.metadata == po.metadata
    assert [fields(e) for e in back] == [fields(e) for e in po]
    assert canonical_text(back) == path.read_bytes()  # and writing it again changes no byte


# 4. Merging keeps every translation ---------------------------------------------------------

WORDS = ["Alès", "marque", "territoire", "été", "communes", "à", "Cévennes", "le", "{n}", "«"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join) | MSG


@st.composite
def old_and_template(draw):
    """A translated catalog and a template made from it by editing, dropping, adding msgids,
    changing contexts and plural-ness."""
    keys = draw(st.lists(st.tuples(st.sampled_from([None, None, "menu"]), SENTENCE),
                         min_size=1, max_size=10, unique=True))  # fmt: skip
    old = polib.POFile()
    old.metadata = header() | {"Language": "oc", "Plural-Forms": LANGUAGES["oc"].plural_forms}
    for i, (context, msgid) in enumerate(keys):
        entry = polib.POEntry(msgctxt=context, msgid=msgid)
        state = draw(st.sampled_from(["translated", "fuzzy", "empty", "obsolete", "plural"]))
        if state == "plural":
            entry.msgid_plural = msgid + " (n)"
            entry.msgstr_plural = {0: f"T{i} {draw(MSG)}", 1: f"T{i}s {draw(MSG)}"}
        else:
            entry.msgstr = "" if state == "empty" else f"T{i} {draw(MSG)}"
        entry.flags = ["fuzzy"] if state == "fuzzy" else []
        entry.obsolete = state == "obsolete"
        old.append(entry)
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for context, msgid in keys:
        action = draw(st.sampled_from(["keep", "edit", "drop", "plural", "context"]))
        if action == "drop":
            continue
        if action == "edit":
            msgid = msgid + " " + draw(SENTENCE)
        if action == "context":
            context = "autre"
        if (context, msgid) not in seen:
            seen.add((context, msgid))
            plural = msgid + " (n)" if action == "plural" else ""
            template.append(polib.POEntry(msgctxt=context, msgid=msgid, msgid_plural=plural))
    for context, msgid in draw(st.lists(st.tuples(st.none(), SENTENCE), max_size=4)):
        if (context, msgid) not in seen:
            seen.add((context, msgid))
            template.append(polib.POEntry(msgctxt=context, msgid=msgid))
    for entry in template:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "", 1: ""}
    return old, template


def translations_in(po: polib.POFile) -> set[str]:
    return {text for e in po for text in (e.msgstr, *e.msgstr_plural.values()) if text}


def must_survive(entry: polib.POEntry, merged: polib.POFile) -> set[str]:
    """The old entry's translations: every form, or only the first when a singular entry took
    it (GNU msgmerge keeps msgstr[0] then: the other forms have no place in it)."""
    first = msgstr_first(entry)
    if not first:
        return set()
    if not entry.msgid_plural:
        return {entry.msgstr}
    if any(e.msgstr == first and not e.msgid_plural for e in merged):
        return {first}
    return {text for text in entry.msgstr_plural.values() if text}


@examples(80)
@given(old_and_template())
def test_merging_never_loses_a_translation(tmp_path_factory, pair):
    tmp_path = tmp_path_factory.mktemp("merge")
    old, template = pair
    write_catalog(old, tmp_path / "old.po")
    write_catalog(template, tmp_path / "new.pot")
    data, _ = merged_text(tmp_path / "old.po", tmp_path / "new.pot")
    (tmp_path / "merged.po").write_bytes(data)
    merged = read_catalog(tmp_path / "merged.po")
    kept = translations_in(merged)
    for entry in read_catalog(tmp_path / "old.po"):
        assert must_survive(entry, merged) <= kept, (entry.msgid, entry.msgstr_plural)
    # and the update path (header held to the language table), from files as translators keep
    project = Project(tmp_path / "project")
    project.catalog("oc", "gen").parent.mkdir(parents=True)
    (tmp_path / "old.po").rename(project.catalog("oc", "gen"))
    (tmp_path / "new.pot").rename(project.template("gen"))
    update_catalogs(project, ["oc"], ["gen"])
    assert translations_in(read_catalog(project.catalog("oc", "gen"))) == kept
