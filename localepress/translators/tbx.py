"""The brand's termbase (`source/termbase.csv`) as TBX-Basic, for a CAT tool's glossary.

TBX-Basic in its widely imported TBX 2 form (`<martif type="TBX-Basic">`): one `<termEntry>`
per French term, a French and a target `<langSet>`. An approved target term is
`preferredTerm-admn-sts`; a forbidden variant is `deprecatedTerm-admn-sts`; a term that must
stay in French has the French form as its target term and says so in a note.
"""

from __future__ import annotations

from lxml import etree

from localepress.languages import SOURCE_LANGUAGE, get_language
from localepress.quality.termbase import Term
from localepress.translators.units import unit_id
from localepress.translators.xmlfiles import to_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STRUCTURAL = {"martif", "martifHeader", "fileDesc", "sourceDesc", "encodingDesc", "text",
              "body", "termEntry", "langSet", "tig"}  # fmt: skip
PREFERRED, DEPRECATED = "preferredTerm-admn-sts", "deprecatedTerm-admn-sts"
DO_NOT_TRANSLATE_NOTE = "Do not translate: keep the French form."


def write_tbx(terms: list[Term], lang: str) -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    description = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(description, "p").text = (
        f"Termbase of Le Sud Ingénieux, French → {get_language(lang).team} "
        "(localepress, from source/termbase.csv)"
    )
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for term in terms:
        target = term.target(lang)
        entry = etree.SubElement(body, "termEntry", id="t" + unit_id(None, term.source)[1:])
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        if term.do_not_translate:
            etree.SubElement(entry, "note").text = DO_NOT_TRANSLATE_NOTE
        _lang_set(entry, SOURCE_LANGUAGE, [(term.source, PREFERRED)])
        forms = [(target, PREFERRED)] if target else []
        forms += [(variant, DEPRECATED) for variant in term.forbidden.get(lang, ())]
        if forms:
            _lang_set(entry, lang, forms)
    return to_bytes(root, STRUCTURAL)


def _lang_set(entry, lang: str, forms: list[tuple[str, str]]) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
    for text, status in forms:
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = text
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
