"""`localepress merge` against the real GNU msgmerge 0.21: same files in, same files out.

Each case writes the same inputs into two folders, runs `msgmerge ARGS` in one and
`localepress merge ARGS` in the other, and requires identical files afterwards (outputs,
updated catalogs, backups), identical standard output, the same exit code and the same first
message (the program's own name aside). Hand-written cases cover each kind of catalog a
translator may hand us; hypothesis generates the rest.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localepress.cli import main


def run_both(tmp_path: Path, files: dict[str, bytes], args: list[str]) -> dict:
    """Run both tools on copies of `files`; return what each left and said."""
    seen = {}
    for tool in ("gnu", "ours"):
        folder = tmp_path / tool
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        if tool == "gnu":
            done = subprocess.run(["msgmerge", *args], cwd=folder, capture_output=True,
                                  env={**os.environ, "LC_ALL": "C"}, check=False)  # fmt: skip
            code, out, err = done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")
        else:
            here = Path.cwd()
            os.chdir(folder)
            try:
                done = CliRunner().invoke(main, ["merge", *args])
            finally:
                os.chdir(here)
            assert done.exception is None or isinstance(done.exception, SystemExit), repr(
                done.exception
            )
            code, out, err = done.exit_code, done.stdout_bytes, done.stderr
        first = err.splitlines()[0] if err.strip() else ""
        seen[tool] = {
            "code": code,
            "stdout": out,
            "first": first.replace("localepress merge: ", "msgmerge: "),
            "files": {p.name: p.read_bytes() for p in sorted(folder.iterdir())},
        }
    return seen


def assert_same(tmp_path: Path, files: dict[str, bytes | str], args: list[str]) -> dict:
    files = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    seen = run_both(tmp_path, files, args)
    gnu, ours = seen["gnu"], seen["ours"]
    assert ours["code"] == gnu["code"], (gnu["first"], ours["first"])
    assert ours["first"] == gnu["first"]
    assert ours["stdout"].decode("latin-1") == gnu["stdout"].decode("latin-1")
    assert ours["files"].keys() == gnu["files"].keys()
    for name, data in gnu["files"].items():
        assert ours["files"][name].decode("latin-1") == data.decode("latin-1"), name
    return gnu


def header(charset: str = "UTF-8", extra: str = "") -> str:
    return f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n{extra}\n'


# --- headers, charsets and comments ------------------------------------------------------------

HEADERLESS_OLD = """\
# first
#. discarded
msgid "1"
msgstr "1x"
# second
#: bogus:1
msgid "2"
msgstr\t"a really long msgstr "
\t"to be wrapped again "
\t"as msgmerge wraps it after all, or what would a test be for?"
msgid "gone"
msgstr "parti"
"""
HEADERLESS_REF = '#. first\n#: a.c:1\nmsgid "1"\nmsgstr ""\n#: b.c:2\nmsgid "2"\nmsgstr ""\n'


def test_a_headerless_catalog_gets_no_header(tmp_path):
    gnu = assert_same(
        tmp_path, {"old.po": HEADERLESS_OLD, "ref.pot": HEADERLESS_REF},
        ["-q", "-o", "out.po", "old.po", "ref.pot"],
    )  # fmt: skip
    assert b'msgid ""' not in gnu["files"]["out.po"]


@pytest.mark.parametrize(
    ("charset", "codec"),
    [("ISO-8859-1", "latin-1"), ("iso-8859-15", "iso8859-15"), ("KOI8-R", "koi8-r"),
     ("EUC-KR", "euc-kr"), ("ISO-8859-2", "iso8859-2"), ("CP1252", "cp1252"),
     ("latin1", "latin-1")],
)  # fmt: skip
@pytest.mark.parametrize("template", ["same", "UTF-8", "ASCII"])
def test_other_charsets_are_kept_or_converted_as_msgmerge_does(tmp_path, charset, codec, template):
    words = {"koi8-r": "деление", "euc-kr": "나누기", "iso8859-2": "błąd"}.get(codec, "Tschüß")
    old = header(charset, '"Language-Team: German <de@li.org>\\n"\n') + (
        f'msgid "white {words}"\nmsgstr "{words} {words}"\n\n'
        f'msgid "an old sentence about {words}"\nmsgstr "{words} ok"\n'
    )
    ref_charset = {"same": charset, "UTF-8": "UTF-8", "ASCII": "ASCII"}[template]
    ref = header(ref_charset) + (
        f'msgid "white {words}"\nmsgstr ""\n\nmsgid "an old sentence about {words}!"\nmsgstr ""\n'
    )
    ref_codec = {"same": codec, "UTF-8": "utf-8", "ASCII": "ascii"}[template]
    files = {"old.po": old.encode(codec), "ref.pot": ref.encode(ref_codec, "replace")}
    assert_same(tmp_path, files, ["-q", "-o", "out.po", "old.po", "ref.pot"])


@pytest.mark.parametrize("name", ["old.po", "old.pot"])
def test_the_charset_placeholder(tmp_path, name):
    old = header("CHARSET", '"Language-Team: LANGUAGE <LL@li.org>\\n"\n') + (
        'msgid "a"\nmsgstr "b"\n'
    )
    for ref in (header("CHARSET") + 'msgid "a"\nmsgstr ""\n', header() + 'msgid "a"\nmsgstr ""\n'):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        assert_same(folder, {name: old, "ref.pot": ref}, ["-q", "-o", "out.po", name, "ref.pot"])


@pytest.mark.parametrize(
    "team",
    ["German <de@li.org>", "German", "Brazilian Portuguese <ldp-br@bazar.conectiva.com.br>",
     "Norwegian Bokmal <i18n-nb@lister.ping.uio.no>", "French https://traduc.org/",
     "LANGUAGE <LL@li.org>",
     "Letzeburgesch <x@y.lu>", "  Occitan   <oc@li.org>  ", "Klingon <tlh@li.org>"],
)  # fmt: skip
def test_language_comes_from_language_team(tmp_path, team):
    old = header("UTF-8", f'"Language-Team: {team}\\n"\n"X-Generator: Poedit\\n"\n')
    old += 'msgid "a"\nmsgstr "b"\n'
    ref = header() + 'msgid "a"\nmsgstr ""\n'
    assert_same(
        tmp_path, {"old.po": old, "ref.pot": ref}, ["-q", "-o", "out.po", "old.po", "ref.pot"]
    )


def test_lang_option_sets_language(tmp_path):
    old = header("UTF-8", '"Language: fr\\n"\n') + 'msgid "a"\nmsgstr "b"\n'
    ref = header() + 'msgid "a"\nmsgstr ""\n'
    files = {"old.po": old, "ref.pot": ref}
    assert_same(tmp_path, files, ["-q", "--lang=oc", "-o", "out.po", "old.po", "ref.pot"])


HEADER_FIELDS = """\
# Translator's notes, above the header.
#
# Second paragraph.
#, fuzzy
msgid ""
msgstr ""
"Content-Transfer-Encoding: 8bit\\n"
"X-Custom: kept where it was\\n"
"MIME-Version: 1.0\\n"
"Last-Translator: Jane <jane@example.org>\\n"
"content-type: text/plain; charset=UTF-8\\n"
"Project-Id-Version: demo 1\\n"
"POT-Creation-Date: 2020-01-01 00:00+0000\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\\n"

# a comment on an entry that goes away
#, c-format
msgid "gone %d"
msgstr "parti %d"

#  two spaces
#. extracted, dropped
#: file.c:1
msgid "kept"
msgstr "gardé"

# comment on an obsolete entry
#, fuzzy, c-format
#~| msgid "older %d"
#~ msgid "old %d"
#~ msgstr "vieux %d"

#~ msgid "untranslated obsolete"
#~ msgstr ""

# a trailing comment that belongs to nothing
"""
HEADER_REF = """\
#, fuzzy
msgid ""
msgstr ""
"Report-Msgid-Bugs-To: bugs@example.org\\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"Content-Type: text/plain; charset=CHARSET\\n"

#: new.c:9
msgid "kept"
msgstr ""

msgid "old %d items"
msgid_plural "old %d items, plural"
msgstr[0] ""
msgstr[1] ""
"""


@pytest.mark.parametrize("previous", [[], ["--previous"]])
def test_comments_around_the_header_and_on_obsolete_entries(tmp_path, previous):
    files = {"old.po": HEADER_FIELDS, "ref.pot": HEADER_REF}
    assert_same(tmp_path, files, ["-q", *previous, "-o", "out.po", "old.po", "ref.pot"])


DOMAINS = """\
domain "foo-de"
msgid ""
msgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"

# Das ist ein Kommentar.
msgid "hello"
msgstr "Hallo"

msgid "bye"
msgstr "Tschüß"

domain "foo-fr"
msgid ""
msgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"

msgid "hello"
msgstr "Salut"
"""


@pytest.mark.parametrize(
    ("multi", "ref"),
    [
        (["-m"], 'msgid "Hello"\nmsgstr ""\n'),
        (["-m"], 'domain "foo-fr"\nmsgid "hello"\nmsgstr ""\n'),
        ([], 'domain "foo-de"\nmsgid "Hello"\nmsgstr ""\n\n'
             'domain "foo-fr"\nmsgid "bye"\nmsgstr ""\n'),
        ([], 'domain "foo-fr"\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
             'msgid "hello"\nmsgstr ""\n\ndomain "foo-de"\nmsgid ""\nmsgstr ""\n'),
    ],
)  # fmt: skip
def test_domains(tmp_path, multi, ref):
    """(Without -m, msgmerge 0.21 cannot write a domain the template lacks: its header turns
    obsolete and the writer then rejects non-ASCII text as an invalid multibyte sequence.)"""
    files = {"old.po": DOMAINS.encode("latin-1"), "ref.pot": ref}
    assert_same(tmp_path, files, ["-q", *multi, "-o", "out.po", "old.po", "ref.pot"])


@pytest.mark.parametrize(
    "args",
    [["-q", "--bogus", "old.po", "ref.pot"], ["-q", "old.po"], ["-q"],
     ["-n", "bogus", "old.po", "ref.pot"],
     ["--add-location=x", "old.po", "ref.pot"]],
)  # fmt: skip
def test_usage_errors_are_msgmerges(tmp_path, args):
    files = {"old.po": 'msgid "a"\nmsgstr "b"\n', "ref.pot": 'msgid "a"\nmsgstr ""\n'}
    assert_same(tmp_path, files, args)


# --- flags moving between template and catalog ----------------------------------------------

FLAGS_OLD = (
    header("UTF-8", '"Plural-Forms: nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;\\n"\n')
    + """\
msgid "file %s"
msgstr "fichier %s"

msgid "dir %s"
msgstr "dossier %d"

#, c-format
msgid "now kde %n"
msgstr "maintenant %n"

#, c-format
msgid "one error"
msgstr "une erreur"

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "%d fichiers"
msgstr[2] "%d fichiers+"

#, c-format, range: 1..6
msgid "week"
msgid_plural "%d weeks"
msgstr[0] "semaine"
msgstr[1] "%d semaines"
msgstr[2] "%d semaines+"

#, c-format, range: 0..9
msgid "day"
msgid_plural "%d days"
msgstr[0] "jour"
msgstr[1] "%d jours"
msgstr[2] "%d jours+"

#, no-c-format
msgid "100% sure"
msgstr "sûr à 100%"

#, python-brace-format
msgid "{n} pages"
msgstr "{n} pages"

msgid "untranslated singular"
msgstr ""
"""
)
FLAGS_REF = (
    header()
    + """\
#, c-format
msgid "file %s"
msgstr ""

#, c-format
msgid "dir %s"
msgstr ""

#, kde-format
msgid "now kde %n"
msgstr ""

#, c-format
msgid "one error"
msgid_plural "%d errors"
msgstr[0] ""
msgstr[1] ""

#, c-format
msgid "%d file"
msgstr ""

#, c-format, range: 2..5
msgid "week"
msgid_plural "%d weeks"
msgstr[0] ""
msgstr[1] ""

#, c-format, range: 0..10
msgid "day"
msgid_plural "%d days"
msgstr[0] ""
msgstr[1] ""

#, c-format
msgid "100% sure"
msgstr ""

#, python-format, no-wrap
msgid "{n} pages"
msgstr ""

msgid "untranslated singular"
msgid_plural "untranslated plural"
msgstr[0] ""
msgstr[1] ""

#, c-format
msgid "brand new %s"
msgid_plural "brand new %s, many"
msgstr[0] ""
msgstr[1] ""
"""
)


@pytest.mark.parametrize("options", [[], ["--previous"], ["--for-msgfmt"], ["-N"]])
def test_plural_and_format_flags_move_as_msgmerge_moves_them(tmp_path, options):
    files = {"old.po": FLAGS_OLD, "ref.pot": FLAGS_REF}
    assert_same(tmp_path, files, ["-q", *options, "-o", "out.po", "old.po", "ref.pot"])


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old",
    [
        'msgid "2" msgstr "2"\nmsgid "3" msgstr "3"\nmsgid "2" msgstr "ha ha"\n',
        'msgid "2" msgstr "2"\n#~ msgid "2"\n#~ msgstr "obsolete twin"\n',
        'msgctxt "a"\nmsgid "x"\nmsgstr "1"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "2"\n',
        'msgid "a"\nmsgtsr "b"\n',
        'msgid "a"\n',
        'msgid "a\nmsgstr "b"\n',
        'msgid "a"\nmsgstr "b\\q"\n',
        'msgid "é"\nmsgstr "è"\n',
        header("FOO-9") + 'msgid "a"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr[0] "b"\n',
    ],
)
def test_errors_are_msgmerges(tmp_path, old):
    ref = header() + 'msgid "a"\nmsgstr ""\n'
    assert_same(
        tmp_path, {"old.po": old, "ref.pot": ref}, ["-q", "-o", "out.po", "old.po", "ref.pot"]
    )


@pytest.mark.parametrize(
    "args",
    [["-q", "gone.po", "ref.pot"], ["-q", "old.po", "gone.pot"],
     ["-q", "-U", "-o", "x.po", "old.po", "ref.pot"],
     ["-q", "--backup=simple", "old.po", "ref.pot"], ["-q", "-s", "-F", "old.po", "ref.pot"],
     ["-q", "--update", "--for-msgfmt", "old.po", "ref.pot"],
     ["-q", "-C", "gone.po", "old.po", "ref.pot"]],
)  # fmt: skip
def test_command_line_errors_are_msgmerges(tmp_path, args):
    files = {"old.po": 'msgid "a"\nmsgstr "b"\n', "ref.pot": 'msgid "a"\nmsgstr ""\n'}
    assert_same(tmp_path, files, args)


# --- options ----------------------------------------------------------------------------------

OPTIONS_OLD = (
    header("UTF-8", '"Language: fr\\n"\n')
    + """\
#: z.c:1 a.c:20
msgid "zebra crossing ahead"
msgstr "passage piéton"

#: a.c:3
msgid "apple pie with cream"
msgstr "tarte aux pommes à la crème, et cette phrase est assez longue pour être coupée"

msgid "unused"
msgstr "inutile"

#: m.c:5
#, fuzzy
msgid "mango"
msgstr "mangue"
"""
)
OPTIONS_REF = (
    header()
    + """\
#: z.c:10 a.c:2
msgid "zebra crossing ahead!"
msgstr ""

#: a.c:3 b.c:4
msgid "apple pie with cream"
msgstr ""

#: m.c:5
msgid "mango"
msgstr ""

#: c.c:7
msgid "banana"
msgstr ""
"""
)
COMPENDIUM = (
    header("ISO-8859-1") + 'msgid "banana"\nmsgstr "banane"\n\nmsgid "mangos"\nmsgstr "mangues"\n'
)


@pytest.mark.parametrize(
    "options",
    [[], ["--previous"], ["-N"], ["--no-location"], ["--add-location=file"], ["-n", "file"], ["-s"],
     ["-F"], ["--for-msgfmt"], ["-w", "40"], ["--width=100"], ["--no-wrap"],
     ["-C", "comp.po"], ["--compendium=comp.po", "-N"], ["--lang", "oc_FR"], ["--force-po"]],
)  # fmt: skip
def test_options_as_msgmerges(tmp_path, options):
    files = {"old.po": OPTIONS_OLD, "ref.pot": OPTIONS_REF, "comp.po": COMPENDIUM.encode("latin-1")}
    assert_same(tmp_path, files, ["-q", *options, "-o", "out.po", "old.po", "ref.pot"])


def test_standard_output_by_default_and_dash(tmp_path):
    files = {"old.po": OPTIONS_OLD, "ref.pot": OPTIONS_REF}
    assert_same(tmp_path / "a", {**files}, ["-q", "old.po", "ref.pot"])
    assert_same(tmp_path / "b", {**files}, ["-q", "-o", "-", "old.po", "ref.pot"])


def test_compendium_for_an_empty_catalog(tmp_path):
    files = {"comp.po": COMPENDIUM.encode("latin-1"), "ref.pot": OPTIONS_REF.split("\n\n", 1)[1]}
    assert_same(tmp_path, files, ["-q", "-C", "comp.po", "-o", "out.po", "/dev/null", "ref.pot"])


@pytest.mark.parametrize(
    "backup", [[], ["--backup=none"], ["--backup=simple"], ["--backup=numbered"],
               ["--backup=existing", "--suffix=.bak"], ["--backup=t"]],
)  # fmt: skip
def test_update_in_place_with_backups(tmp_path, backup):
    files = {"old.po": OPTIONS_OLD, "ref.pot": OPTIONS_REF, "old.po.~1~": "earlier\n"}
    assert_same(tmp_path, files, ["-q", "-U", *backup, "old.po", "ref.pot"])


def test_update_leaves_a_current_catalog_alone(tmp_path):
    """Only POT-Creation-Date differs: nothing is written, not even a backup."""
    old = (
        'msgid ""\nmsgstr ""\n"POT-Creation-Date: 2020-01-01 00:00+0000\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n# unwrapped\nmsgid "a"\nmsgstr ""\n"b"\n'
    )
    ref = header("UTF-8", '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n') + (
        'msgid "a"\nmsgstr ""\n'
    )
    for sort in ([], ["-s"]):
        folder = tmp_path / f"s{len(sort)}"
        gnu = assert_same(
            folder, {"old.po": old, "ref.pot": ref}, ["-q", "-U", *sort, "old.po", "ref.pot"]
        )
        assert gnu["files"]["old.po"] == old.encode()


# --- generated pairs ----------------------------------------------------------------------------

WORDS = [
    "Alès",
    "marque",
    "territoire",
    "été",
    "communes",
    "à",
    "Cévennes",
    "le",
    "%d",
    "%s",
    "{n}",
]
msgids = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
contexts = st.sampled_from([None, None, None, "menu", "titre"])
FLAGS = [
    [],
    [],
    ["c-format"],
    ["no-c-format"],
    ["python-brace-format"],
    ["c-format", "range: 1..5"],
]


@st.composite
def catalog_pairs(draw):
    """Old catalog and template text: msgids kept, edited, dropped, added; varied headers."""
    charset = draw(st.sampled_from(["UTF-8", "ISO-8859-1", None]))
    keys = draw(st.lists(st.tuples(contexts, msgids), max_size=10, unique=True))
    old = []
    if charset:
        team = draw(st.sampled_from(["", '"Language-Team: French <fr@li.org>\\n"\n']))
        old.append(header(charset, team + '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'))
    for i, (ctx, msgid) in enumerate(keys):
        state = draw(st.sampled_from(["translated", "fuzzy", "empty", "obsolete", "plural"]))
        lines = [f"# note {i}"] if draw(st.booleans()) else []
        flags = (["fuzzy"] if state == "fuzzy" else []) + draw(st.sampled_from(FLAGS))
        lines += [f"#, {', '.join(flags)}"] if flags else []
        prefix = "#~ " if state == "obsolete" else ""
        lines += [f'{prefix}msgctxt "{ctx}"'] if ctx else []
        lines.append(f'{prefix}msgid "{msgid}"')
        if state == "plural":
            lines += [
                f'msgid_plural "{msgid} +"',
                f'msgstr[0] "T{i} {msgid}"',
                f'msgstr[1] "T{i}s"',
            ]
        else:
            lines.append(f'{prefix}msgstr "{"" if state == "empty" else f"T{i} é {msgid}"}"')
        old.append("\n".join(lines) + "\n")
    ref = [header(draw(st.sampled_from(["UTF-8", "CHARSET"])))] if draw(st.booleans()) else []
    seen = set()
    for ctx, msgid in keys + draw(st.lists(st.tuples(contexts, msgids), max_size=4)):
        action = draw(st.sampled_from(["keep", "edit", "drop", "plural"]))
        msgid = msgid + " " + draw(st.sampled_from(WORDS)) if action == "edit" else msgid
        if action == "drop" or (ctx, msgid) in seen:
            continue
        seen.add((ctx, msgid))
        flags = draw(st.sampled_from(FLAGS))
        lines = [f"#: src/{len(seen)}.c:{len(seen) * 7}"] + (
            [f"#, {', '.join(flags)}"] if flags else []
        )
        lines += [f'msgctxt "{ctx}"'] if ctx else []
        lines.append(f'msgid "{msgid}"')
        if action == "plural":
            lines += [f'msgid_plural "{msgid} +"', 'msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines.append('msgstr ""')
        ref.append("\n".join(lines) + "\n")
    codec = "latin-1" if charset == "ISO-8859-1" else "utf-8"
    return "\n".join(old).encode(codec), "\n".join(ref).encode("utf-8")


OPTION_SETS = [
    [],
    ["--previous"],
    ["-N"],
    ["-s"],
    ["-F"],
    ["--for-msgfmt"],
    ["--no-location"],
    ["-w", "50"],
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(catalog_pairs(), st.sampled_from(OPTION_SETS), st.booleans())
def test_generated_pairs_merge_as_msgmerge(tmp_path_factory, pair, options, update):
    old, ref = pair
    where = tmp_path_factory.mktemp("pair")
    target = ["-U"] if update and "--for-msgfmt" not in options else ["-o", "out.po"]
    assert_same(
        where, {"old.po": old, "ref.pot": ref}, ["-q", *options, *target, "old.po", "ref.pot"]
    )


def test_an_untranslated_obsolete_entry_revived_keeps_its_comments(tmp_path):
    old = '# my note\n#, c-format\n#~ msgid "x %d"\n#~ msgstr ""\n\n'
    old += '# gone\n#~ msgid "y"\n#~ msgstr ""\n'
    files = {"old.po": old, "ref.pot": '#, c-format\nmsgid "x %d"\nmsgstr ""\n'}
    assert_same(tmp_path, files, ["-q", "-o", "out.po", "old.po", "ref.pot"])


def test_compendium_proposals_compete_with_the_catalogs_own(tmp_path):
    old = header() + 'msgid "the banana split"\nmsgstr "le banana split"\n'
    comp = header("ISO-8859-1") + "".join(
        f'msgid "the banana splits number {i}"\nmsgstr "les bananes {i}"\n\n' for i in range(40)
    )
    comp += 'msgid "a banana splits"\nmsgstr "une banane coupée"\n'
    ref = header() + 'msgid "a banana split"\nmsgstr ""\n\nmsgid "the banana splits"\nmsgstr ""\n'
    files = {"old.po": old, "comp.po": comp.encode("latin-1"), "ref.pot": ref}
    for options in (["-C", "comp.po"], ["-C", "comp.po", "--previous"]):
        folder = tmp_path / str(len(options))
        assert_same(folder, files, ["-q", *options, "-o", "out.po", "old.po", "ref.pot"])


def test_invalid_utf8_is_msgmerges_error(tmp_path):
    old = header().encode() + b'msgid "Al\xe8s"\nmsgstr "x"\n'
    assert_same(tmp_path, {"old.po": old, "ref.pot": header() + 'msgid "a"\nmsgstr ""\n'},
                ["-q", "-o", "out.po", "old.po", "ref.pot"])  # fmt: skip
