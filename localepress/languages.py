"""The one language table, built from data: any language CLDR knows can be used with `-l`.

Each language is read from three sources, later ones winning:

1. CLDR through Babel: the language's own name (the switcher), BCP 47 tag, writing direction,
   likely territory (og:locale, hunspell dictionary), date, list and number formats, and the
   ordinal categories its ordinal endings are chosen by;
2. GNU gettext's Plural-Forms: what `msginit` writes for the language, stored in
   `gnu-plural-forms.tsv` by `scripts/gnu_plural_forms.py` (a language it has no rule for gets
   gettext's own default, `nplurals=2; plural=(n != 1);`);
3. the project's corrections and house styles, `source/languages.yml` (Occitan's plural rule
   and French-style numbers, British dates, apostrophes, quotation marks, French spacing,
   Spanish ¿¡, ordinal endings, the Apertium pair): its comments say why each is there.

The project's languages (every command's default `-l`) are the source language, the
`targets` of that file and every `locales/<lang>/` folder, so a new language joins with
`localepress update -l ca`. Without a project (`localepress merge` anywhere), CLDR and GNU only.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, localedata
from babel.core import get_global

from localepress.errors import LocalepressError, SourceLanguageError, UnknownLanguageError
from localepress.project import Project

SOURCE_LANGUAGE = "fr"
DEFAULT_TARGETS = ("en", "es", "oc")  # a project without source/languages.yml
GNU_DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"  # what gettext assumes without a header
GNU_TABLE = Path(__file__).with_name("gnu-plural-forms.tsv")
LANGUAGES_FILE = "languages.yml"  # in the project's source/
_TAG = re.compile(r"^([a-z]{2,3})(?:[_-]([a-z]{4}))?(?:[_-]([a-z]{2}|\d{3}))?$", re.IGNORECASE)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*([^;]+)")


@dataclass(frozen=True)
class Language:
    code: str  # as gettext and the locales/ folders name it: ca, pt_BR
    name: str  # the language's own name, as the switcher shows it
    html_tag: str  # BCP 47 tag for <html lang>: pt-BR
    plural_forms: str
    babel_locale: str  # dates, lists, plural and ordinal categories
    number_locale: str  # numbers and currency (Occitan of France follows the French convention)
    french_spacing: bool  # U+202F before ; ! ? and inside « », U+00A0 before :
    team: str  # the language's English name (Language-Team of a new catalog)
    hunspell: str  # dictionary name for spelling checks
    apertium: str | None  # Apertium mode from French, when the project names one
    territory: str = ""  # language_TERRITORY, as OpenGraph's og:locale wants it
    full_date: str = "full"  # Babel format name or CLDR pattern of the edition's full dates
    apostrophe: str | None = None  # the house apostrophe (' or ’), when the project sets one
    direction: str = "ltr"  # "rtl" for Arabic, Hebrew…: <html dir>, the page mirrors
    inverted_marks: bool = False  # ¿ ¡ open questions and exclamations (Spanish)
    quotes: tuple[str, ...] = ()  # opening, closing, then inner opening, closing
    ordinal_style: dict = field(default_factory=dict, compare=False, hash=False)
    ordinal_words: tuple[str, ...] = ()  # one … nine as ordinal words (first … ninth)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@functools.cache
def _gnu_plural_forms() -> dict[str, str]:
    lines = GNU_TABLE.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


@functools.cache
def _known_locales() -> frozenset[str]:
    return frozenset(localedata.locale_identifiers())


_ROOTS: dict[tuple, str] = {}  # (LOCALEPRESS_ROOT, working directory) → project root


def _current_root() -> str | None:
    """The project the command works in (Project.find), looked up once per place."""
    try:
        key = (os.environ.get("LOCALEPRESS_ROOT"), os.getcwd())
    except OSError:  # the working directory was removed
        key = (os.environ.get("LOCALEPRESS_ROOT"), None)
    if key not in _ROOTS:
        try:
            _ROOTS[key] = str(Project.find().root)
        except (LocalepressError, OSError):
            return None  # not remembered: the project may be created later
    return _ROOTS[key]


@functools.cache
def _read_corrections(path: str | None, stamp: tuple) -> dict:
    """`source/languages.yml` as data (cached per file version); {} when there is none."""
    if not stamp:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise LocalepressError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("languages", {}), dict):
        raise LocalepressError(f"{path}: expected `source`, `targets` and a `languages` mapping")
    return data


def corrections(root: Path | None = None) -> dict:
    """The project's language file (the current project's when `root` is None)."""
    return _read_corrections(*_version(root))


def _version(root: Path | None) -> tuple[str | None, tuple]:
    """The project's language file and its version (mtime, size), or (None, ()) for none.
    Called for every language looked up: plain strings and one stat, no pathlib."""
    root = root if root is not None else _current_root()
    if root is None:
        return None, ()
    path = os.path.join(root, "source", LANGUAGES_FILE)
    try:
        stat = os.stat(path)
    except OSError:
        return path, ()
    return path, (stat.st_mtime_ns, stat.st_size)


def normalize(code: str) -> str | None:
    """`code` as gettext names a locale (pt-BR, pt_br → pt_BR), or None when it is no tag."""
    found = _TAG.match(str(code).strip())
    if not found:
        return None
    language, script, region = found.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "_".join(parts)


def get_language(code: str, root: Path | None = None) -> Language:
    """The language `code` (any CLDR locale: ca, pt_BR, ar), with the project's corrections;
    an unknown tag raises UnknownLanguageError naming the closest known ones."""
    return _language(code, *_version(root))


@functools.lru_cache(maxsize=1024)
def _language(code: str, path: str | None, stamp: tuple) -> Language:
    normal = normalize(code)
    if normal is None or normal not in _known_locales():
        raise UnknownLanguageError(str(code), closest(str(code)))
    data = _read_corrections(path, stamp)
    return _build(normal, _freeze(data.get("languages", {}).get(normal) or {}))


def _freeze(value):
    """Hashable form of YAML data, so languages are built once per version of the file."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value):
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {k: _thaw(v) for k, v in value}
    return value


@functools.cache
def _build(code: str, frozen: tuple) -> Language:
    extra = {k: _thaw(v) for k, v in frozen}
    locale = Locale.parse(extra.get("locale") or code)
    territory = locale.territory or _likely_territory(locale.language)
    tagged = f"{locale.language}_{territory}" if territory else locale.language
    own = Locale.parse(code)  # the switcher names the language, not the house locale (en_GB)
    name = extra.get("name") or own.get_display_name(own) or code
    return Language(
        code=code,
        name=name[:1].upper() + name[1:],
        html_tag=code.replace("_", "-"),
        plural_forms=extra.get("plural_forms") or plural_forms_of(code),
        babel_locale=str(locale),
        number_locale=extra.get("number_locale") or str(locale),
        french_spacing=bool(extra.get("french_spacing", False)),
        team=own.english_name or code,
        hunspell=extra.get("hunspell") or tagged,
        apertium=extra.get("apertium"),
        territory=extra.get("territory") or tagged,
        full_date=extra.get("full_date") or "full",
        apostrophe=extra.get("apostrophe"),
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        inverted_marks=bool(extra.get("inverted_marks", False)),
        quotes=tuple(extra.get("quotes") or ()),
        ordinal_style=dict(extra.get("ordinal") or {}),
        ordinal_words=tuple(extra.get("ordinal_words") or ()),
    )


def _likely_territory(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language, "")
    return next((part for part in likely.split("_")[1:] if part.isupper()), None)


def plural_forms_of(code: str) -> str:
    """GNU msginit's Plural-Forms for `code` (pt_BR, else pt), else gettext's default."""
    table = _gnu_plural_forms()
    return table.get(code) or table.get(code.split("_")[0]) or GNU_DEFAULT_PLURAL_FORMS


def closest(code: str, count: int = 5) -> list[str]:
    """Known tags closest to `code`, by the tag itself and by the languages' English names."""
    languages = sorted({i.split("_")[0] for i in _known_locales()})
    found = difflib.get_close_matches(code.lower(), languages, n=count, cutoff=0.5)
    names = {}
    for lang in languages:
        names.setdefault((Locale.parse(lang).english_name or lang).lower(), lang)
    for name in difflib.get_close_matches(code.lower(), names, n=count, cutoff=0.6):
        if names[name] not in found:
            found.append(names[name])
    return [f"{tag} ({Locale.parse(tag).english_name or tag})" for tag in found[:count]]


def is_language(code: str) -> bool:
    """Whether `code` names a language CLDR knows (a folder name, a termbase column)."""
    normal = normalize(code)
    return normal is not None and normal in _known_locales()


def project_languages(project: Project | None = None) -> list[str]:
    """The source language, the file's targets, then every locales/<lang>/ folder naming a
    language (alphabetically): every command's default, the switcher's order."""
    project = project or _project()
    data = corrections(project.root if project else None)
    listed = [get_language(c, project.root if project else None).code
              for c in data.get("targets", DEFAULT_TARGETS)]  # fmt: skip
    if project is not None and project.locales.is_dir():
        folders = sorted(p.name for p in project.locales.iterdir() if p.is_dir())
        listed += [normalize(name) for name in folders if is_language(name)]
    ordered = [SOURCE_LANGUAGE, *listed]
    return list(dict.fromkeys(ordered))


def table(project: Project | None = None) -> dict[str, Language]:
    """The project's languages, in its order, with their table entries."""
    root = project.root if project else None
    return {code: get_language(code, root) for code in project_languages(project)}


def target_languages(project: Project | None = None) -> list[str]:
    return [code for code in project_languages(project) if code != SOURCE_LANGUAGE]


def _project() -> Project | None:
    root = _current_root()
    return Project(Path(root)) if root else None


def in_order(codes: Iterable[str], project: Project | None = None) -> list[str]:
    """`codes` normalised, without repeats, in the project's order (others after, by code)."""
    known = project_languages(project)
    wanted = list(dict.fromkeys(get_language(c).code for c in codes))
    rank = {code: index for index, code in enumerate(known)}
    return sorted(wanted, key=lambda code: (rank.get(code, len(rank)), code))


def check_target(code: str, what: str) -> str:
    """`code` when it is a translation's language; the source language is refused, since
    `what` (update, compile, pretranslate…) has no French catalog to work on."""
    language = get_language(code)
    if language.code == SOURCE_LANGUAGE:
        raise SourceLanguageError(language.code, what, target_languages())
    return language.code


def parse_language_list(codes: Iterable[str] | None, default: Iterable[str]) -> list[str]:
    """The languages named (or `default`), in the project's order; unknown codes are refused."""
    codes = list(codes or ())
    return in_order(codes) if codes else list(default)


def same_plural_rule(found: str | None, expected: str) -> bool:
    """Equal rules, however written: same nplurals and the same form for n = 0…1000."""
    counts = [_NPLURALS.search(text or "") for text in (found, expected)]
    if not found or None in counts or int(counts[0][1]) != int(counts[1][1]):
        return False
    try:
        rules = [_rule(text) for text in (found, expected)]
    except (TypeError, ValueError, SyntaxError, RecursionError):  # TypeError: no plural=
        return False
    return all(rules[0](n) == rules[1](n) for n in range(1001))


@functools.cache
def _rule(plural_forms: str):
    return gettext.c2py(_PLURAL.search(plural_forms)[1])


def plural_index(code: str, n: int) -> int:
    """The form the language's Plural-Forms chooses for `n` (Polish 1, 2, 5: forms 0, 1, 2)."""
    return _rule(get_language(code).plural_forms)(n)


def ordinal(code: str, n: int, feminine: bool = False) -> str:
    """Abbreviated ordinal as the language's house style writes it (`ordinal` in
    source/languages.yml): French 10<sup>e</sup>, British English 10th, Spanish 10.ª; the
    ending is chosen by the exact number, else by its CLDR ordinal category (English one:
    1st, 21st; two: 2nd; few: 3rd). A language with no style gets the figure alone."""
    language = get_language(code)
    style = language.ordinal_style
    if not style:
        return str(n)
    endings = (style.get("feminine") if feminine else None) or style.get("suffixes") or {}
    category = Locale.parse(language.babel_locale).ordinal_form(n)
    suffix = endings.get(str(n), endings.get(category, endings.get("other", "")))
    return str(style.get("pattern", "{n}{suffix}")).format(n=n, suffix=suffix)
