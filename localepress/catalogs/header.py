"""The header of a merged catalog, field by field as GNU msgmerge 0.21 builds it.

The translator's header is kept, with the template's Report-Msgid-Bugs-To and
POT-Creation-Date; known fields are put in msgmerge's order and unknown ones follow in their
own. A header with no Language field gets one: `--lang`, or the language named in
Language-Team, looked up in gettext's table of English language names (lang-table.c, below,
because no Python library holds gettext's spellings: "Letzeburgesch", "(Afan) Oromo"…).
Fields are handled as raw text, so a value is never re-spaced or re-cased.
"""

from __future__ import annotations

import re

KNOWN_FIELDS = (
    "Project-Id-Version:",
    "Report-Msgid-Bugs-To:",
    "POT-Creation-Date:",
    "PO-Revision-Date:",
    "Last-Translator:",
    "Language-Team:",
    "Language:",
    "MIME-Version:",
    "Content-Type:",
    "Content-Transfer-Encoding:",
)
FROM_TEMPLATE = ("Report-Msgid-Bugs-To:", "POT-Creation-Date:")
_VARIANTS = {
    "Austrian": "de_AT",
    "English (British)": "en_GB",
    "Argentinian": "es_AR",
    "Spanish (Canary Islands)": "es_IC",
    "Brazilian Portuguese": "pt_BR",
    "Chinese (simplified)": "zh_CN",
    "Chinese (Hong Kong)": "zh_HK",
    "Chinese (traditional)": "zh_TW",
}
_TABLE = (  # code name|code name|…, gettext's order (the first match wins)
    "aa Afar|ab Abkhazian|ace Achinese|ae Avestan|af Afrikaans|ak Akan|am Amharic|an Aragonese|"
    "ang Old English|ar Arabic|arn Mapudungun|as Assamese|ast Asturian|av Avaric|awa Awadhi|"
    "ay Aymara|az Azerbaijani|ba Bashkir|bal Baluchi|ban Balinese|be Belarusian|bej Beja|"
    "bem Bemba|bg Bulgarian|bh Bihari|bho Bhojpuri|bi Bislama|bik Bikol|bin Bini|bm Bambara|"
    "bn Bengali|bo Tibetan|br Breton|bs Bosnian|bug Buginese|ca Catalan|ce Chechen|ceb Cebuano|"
    "ch Chamorro|co Corsican|cr Cree|crh Crimean Tatar|cs Czech|csb Kashubian|cu Church Slavic|"
    "cv Chuvash|cy Welsh|da Danish|de German|din Dinka|doi Dogri|dsb Lower Sorbian|dv Divehi|"
    "dz Dzongkha|ee Ewe|el Greek|en English|eo Esperanto|es Spanish|et Estonian|eu Basque|"
    "fa Persian|ff Fulah|fi Finnish|fil Filipino|fj Fijian|fo Faroese|fon Fon|fr French|"
    "fur Friulian|fy Western Frisian|ga Irish|gd Scottish Gaelic|gl Galician|gn Guarani|"
    "gon Gondi|gsw Swiss German|gu Gujarati|gv Manx|ha Hausa|he Hebrew|hi Hindi|hil Hiligaynon|"
    "hmn Hmong|ho Hiri Motu|hr Croatian|hsb Upper Sorbian|ht Haitian|hu Hungarian|hy Armenian|"
    "hz Herero|ia Interlingua|id Indonesian|ie Interlingue|ig Igbo|ii Sichuan Yi|ik Inupiak|"
    "ilo Iloko|is Icelandic|it Italian|iu Inuktitut|ja Japanese|jab Hyam|jv Javanese|"
    "ka Georgian|kab Kabyle|kaj Jju|kam Kamba|kbd Kabardian|kcg Tyap|kdm Kagoma|kg Kongo|"
    "ki Kikuyu|kj Kuanyama|kk Kazakh|kl Kalaallisut|km Central Khmer|kmb Kimbundu|kn Kannada|"
    "ko Korean|kr Kanuri|kru Kurukh|ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kirghiz|"
    "kok Konkani|la Latin|lb Letzeburgesch|lg Ganda|li Limburgish|ln Lingala|lo Laotian|"
    "lt Lithuanian|lu Luba-Katanga|lua Luba-Lulua|luo Luo|lv Latvian|mad Madurese|mag Magahi|"
    "mai Maithili|mak Makasar|man Mandingo|men Mende|mg Malagasy|mh Marshallese|mi Maori|"
    "min Minangkabau|mk Macedonian|ml Malayalam|mn Mongolian|mni Manipuri|mo Moldavian|"
    "moh Mohawk|mos Mossi|mr Marathi|ms Malay|mt Maltese|mwr Marwari|my Burmese|myn Mayan|"
    "na Nauru|nap Neapolitan|nah Nahuatl|nb Norwegian Bokmal|nd North Ndebele|nds Low Saxon|"
    "ne Nepali|ng Ndonga|nl Dutch|nn Norwegian Nynorsk|no Norwegian|nr South Ndebele|"
    "nso Northern Sotho|nv Navajo|ny Nyanja|nym Nyamwezi|nyn Nyankole|oc Occitan|oj Ojibwa|"
    "om (Afan) Oromo|or Oriya|os Ossetian|pa Punjabi|pag Pangasinan|pam Pampanga|"
    "pap Papiamento|pbb Páez|pi Pali|pl Polish|ps Pashto|pt Portuguese|qu Quechua|"
    "raj Rajasthani|rm Romansh|rn Kirundi|ro Romanian|ru Russian|rw Kinyarwanda|sa Sanskrit|"
    "sah Yakut|sas Sasak|sat Santali|sc Sardinian|scn Sicilian|sd Sindhi|se Northern Sami|"
    "sg Sango|shn Shan|si Sinhala|sid Sidamo|sk Slovak|sl Slovenian|sm Samoan|"
    "sma Southern Sami|smj Lule Sami|smn Inari Sami|sms Skolt Sami|sn Shona|so Somali|"
    "sq Albanian|sr Serbian|srr Serer|ss Siswati|st Sesotho|su Sundanese|suk Sukuma|sus Susu|"
    "sv Swedish|sw Swahili|ta Tamil|te Telugu|tem Timne|tet Tetum|tg Tajik|th Thai|ti Tigrinya|"
    "tiv Tiv|tk Turkmen|tl Tagalog|tn Setswana|to Tonga|tr Turkish|ts Tsonga|tt Tatar|"
    "tum Tumbuka|tw Twi|ty Tahitian|ug Uighur|uk Ukrainian|umb Umbundu|ur Urdu|uz Uzbek|"
    "ve Venda|vi Vietnamese|vo Volapuk|wal Walamo|war Waray|wen Sorbian|wo Wolof|xh Xhosa|"
    "yao Yao|yi Yiddish|yo Yoruba|za Zhuang|zh Chinese|zu Zulu|zap Zapotec"
)
_LANGUAGES: dict[str, str] = {}
for _item in _TABLE.split("|"):
    _code, _name = _item.split(" ", 1)
    _LANGUAGES.setdefault(_name, _code)


def merge_header(old: str, template: str, lang: str | None = None) -> str:
    """The merged header msgstr: `old`'s fields with the template's dates, in msgmerge's order."""
    fields: dict[str, str] = {}
    unknown = []
    for line in re.findall(r"[^\n]*\n|[^\n]+$", old):
        line = line.removesuffix("\n")
        name = next((f for f in KNOWN_FIELDS if line[: len(f)].lower() == f.lower()), None)
        if name is None:
            unknown.append(line + "\n")
        else:
            fields[name] = line[len(name) :] + "\n"
    if lang is not None:
        fields["Language:"] = f" {lang}\n"
    elif "Language:" not in fields and "Language-Team:" in fields:
        code = language_code(fields["Language-Team:"])
        fields["Language:"] = f" {code or ''}\n"
    for name in FROM_TEMPLATE:
        found = template.find(name)
        if found >= 0:
            value = template[found + len(name) :].split("\n", 1)[0]
            fields[name] = value + "\n"
    known = "".join(name + fields[name] for name in KNOWN_FIELDS if name in fields)
    return known + "".join(unknown)


def language_code(team: str) -> str | None:
    """msgmerge's reading of Language-Team: its English name, an address after it dropped."""
    team = team.lstrip(" \t").rstrip(" \t")
    words = re.split(r"(?<=[ \t])", team)
    last = words[-1]
    if (
        len(words) > 1
        and last
        and (last.startswith("<") or last.endswith(">") or "@" in team or "/" in team)
    ):
        team = "".join(words[:-1]).rstrip(" \t")
    return _VARIANTS.get(team) or _LANGUAGES.get(team)


def nplurals(header: str | None) -> int:
    """The number of plural forms a header declares (gettext's default is 2)."""
    found = re.search(r"nplurals=\s*(\d+)", header or "")
    return int(found[1]) if found and "plural=" in header else 2
