"""The bad-input matrix: every broken or unusual catalog, through every command that reads one.

Each case damages a copy of a real catalog in one way. Through `check`, `stats`, `update`,
`compile`, `review` and `publish` (click's CliRunner, GNU gettext for real) it must either give
exit code 2 with one line naming the file and, where there is one, the line, or be read
exactly as its clean twin is. `merge`, msgmerge's drop-in, does what msgmerge does with the
same file (its exit code, its first message), NUL bytes and lone CRs refused. Never a
traceback, and never a write: the hash of every file under locales/ is the same before and
after a refused command.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import polib
import pytest
from click.testing import CliRunner

from localepress.catalogs.po import read_catalog, write_catalog
from localepress.catalogs.stats import count
from localepress.cli import main
from localepress.errors import CatalogError

DOC = "fiche"
TRANSLATED = 'msgstr "The Alès Agglomération identity card"'  # an entry of the English catalog
PLURAL = 'msgid "{n} mois"\nmsgid_plural "{n} mois"\n'


def locales_tree(project) -> dict[str, str]:
    """sha256 of every file under locales/ (the .mo files included)."""
    return {
        str(path.relative_to(project.root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(project.locales.rglob("*"))
        if path.is_file()
    }


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@dataclass(frozen=True)
class Damage:
    """A way to break the English catalog: new bytes, the expected line and message."""

    make: Callable[[str], bytes]
    line: Callable[[str], int | None]  # from the clean text
    message: str


def _append(extra: str):
    return lambda text: (text + extra).encode("utf-8")


def _after(text: str) -> int:
    return text.count("\n") + 1


DAMAGES = {
    # Syntax errors, one at each kind of position
    "unterminated msgstr": Damage(
        lambda t: t.replace(TRANSLATED, TRANSLATED[:-1]).encode(),
        lambda t: line_of(t, TRANSLATED), "end-of-line within string"),
    "unterminated msgid": Damage(
        lambda t: t.replace('msgid "Nos 3 piliers"', 'msgid "Nos 3 piliers').encode(),
        lambda t: line_of(t, 'msgid "Nos 3 piliers"'), "end-of-line within string"),
    "unterminated msgctxt": Damage(
        _append('\nmsgctxt "menu\nmsgid "Accueil"\nmsgstr "Home"\n'),
        lambda t: _after(t) + 1, "end-of-line within string"),
    "unterminated header field": Damage(
        lambda t: t.replace('"Language: en\\n"', '"Language: en\\n').encode(),
        lambda t: line_of(t, '"Language: en'), "end-of-line within string"),
    "unterminated continuation line": Damage(
        _append('\nmsgid ""\n"Une ligne "\n"puis une autre\nmsgstr "x"\n'),
        lambda t: _after(t) + 3, "end-of-line within string"),
    "unterminated obsolete entry": Damage(
        _append('\n#~ msgid "Ancien texte\n#~ msgstr "Old text"\n'),
        lambda t: _after(t) + 1, "end-of-line within string"),
    "escaped quote at the end": Damage(
        lambda t: t.replace(TRANSLATED, TRANSLATED[:-1] + '\\"').encode(),
        lambda t: line_of(t, TRANSLATED), "end-of-line within string"),
    "stray line between entries": Damage(
        lambda t: t.replace('#: notebooks/fiche.ipynb#piliers:1\n',
                            'a stray line\n#: notebooks/fiche.ipynb#piliers:1\n').encode(),
        lambda t: line_of(t, "#: notebooks/fiche.ipynb#piliers:1"), "unknown"),
    "stray line inside an entry": Damage(
        lambda t: t.replace(TRANSLATED, "stray\n" + TRANSLATED).encode(),
        lambda t: line_of(t, TRANSLATED), "unknown"),
    "stray line before the header": Damage(
        lambda t: ("oops\n" + t).encode(), lambda t: 1, "unknown"),
    "bad escape in msgstr": Damage(
        lambda t: t.replace(TRANSLATED, TRANSLATED[:-1] + '\\q"').encode(),
        lambda t: line_of(t, TRANSLATED), "invalid control sequence"),
    "bad escape in msgid": Damage(
        lambda t: t.replace('msgid "Nos 3 piliers"', 'msgid "Nos 3 \\piliers"').encode(),
        lambda t: line_of(t, 'msgid "Nos 3 piliers"'), "invalid control sequence"),
    "missing msgstr": Damage(
        lambda t: t.replace(TRANSLATED + "\n", "").encode(),
        lambda t: line_of(t, TRANSLATED) - 1, "missing 'msgstr' section"),  # at its msgid
    "msgstr without msgid": Damage(
        lambda t: t.replace('msgid "Nos 3 piliers"\n', "").encode(),
        lambda t: line_of(t, 'msgid "Nos 3 piliers"'), "syntax error"),
    "msgstr[n] out of range": Damage(
        _append(f"\n{PLURAL}msgstr[0] \"{{n}} month\"\nmsgstr[1] \"{{n}} months\"\n"
                'msgstr[5] "{n} x"\n'),
        lambda t: _after(t) + 5, "plural form has wrong index"),
    "msgstr[n] skipping a form": Damage(
        _append(f'\n{PLURAL}msgstr[0] "{{n}} month"\nmsgstr[2] "{{n}} months"\n'),
        lambda t: _after(t) + 4, "plural form has wrong index"),
    "msgstr[0] without msgid_plural": Damage(
        lambda t: t.replace(TRANSLATED, TRANSLATED.replace("msgstr ", "msgstr[0] ")).encode(),
        lambda t: line_of(t, TRANSLATED) - 1, "missing 'msgid_plural' section"),
    # Duplicates
    "duplicate entry": Damage(
        _append('\nmsgid "Nos 3 piliers"\nmsgstr "Again"\n'),
        lambda t: _after(t) + 1, "duplicate message definition"),
    "duplicate entry with a context": Damage(
        _append('\nmsgctxt "a"\nmsgid "Bis"\nmsgstr "x"\n\nmsgctxt "a"\nmsgid "Bis"\nmsgstr "y"\n'),
        lambda t: _after(t) + 6, "duplicate message definition"),
    "obsolete duplicate of an active entry": Damage(
        _append('\n#~ msgid "Nos 3 piliers"\n#~ msgstr "Old"\n'),
        lambda t: _after(t) + 1, "duplicate message definition"),
    # Encodings and bytes
    "UTF-8 text under a Latin-1 header": Damage(
        lambda t: t.replace("charset=UTF-8", "charset=ISO-8859-1").encode(),
        lambda t: 1, "the text is UTF-8"),
    "Latin-1 text under a UTF-8 header": Damage(
        lambda t: t.replace("Alès", "Al\udce8s").encode("utf-8", "surrogateescape"),
        lambda t: line_of(t, "d'Alès Agglomération\""), "invalid multibyte sequence"),
    "unknown charset": Damage(
        lambda t: t.replace("charset=UTF-8", "charset=KLINGON").encode(),
        lambda t: line_of(t, "charset=UTF-8"), "unknown charset 'KLINGON'"),
    "byte-order mark": Damage(
        lambda t: b"\xef\xbb\xbf" + t.encode(), lambda t: 1, "byte-order mark"),
    "UTF-16": Damage(lambda t: t.encode("utf-16"), lambda t: 1, "NUL byte"),
    "NUL byte in a translation": Damage(
        lambda t: t.replace(TRANSLATED, TRANSLATED[:-6] + '\0card"').encode(),
        lambda t: line_of(t, TRANSLATED), "NUL byte"),
    "classic Mac line endings": Damage(
        lambda t: t.replace("\n", "\r").encode(), lambda t: 1, "carriage return"),
    "one bare CR among LF lines": Damage(
        lambda t: t.replace("#. heading 1\n", "#. heading 1\r").encode(),
        lambda t: line_of(t, "#. heading 1"), "carriage return"),
    "binary garbage": Damage(lambda t: bytes(range(1, 256)) * 4, lambda t: None, ""),
    # Empty
    "empty file": Damage(lambda t: b"", lambda t: 1, "catalog is empty"),
    "blank file": Damage(lambda t: b"\n \n\t\n", lambda t: 1, "catalog is empty"),
}  # fmt: skip

COMMANDS = {
    "check": lambda p: ["check", "-l", "en"],
    "stats": lambda p: ["stats", "-l", "en", "--doc", DOC],
    "update": lambda p: ["update", "-l", "en", "--doc", DOC],
    "compile": lambda p: ["compile", "-l", "en", "--doc", DOC],
    "review": lambda p: ["review", "-l", "en", "--doc", DOC],
    "publish": lambda p: ["publish", "-l", "en", "--doc", DOC, "-f", "md"],
}  # fmt: skip


def merge_args(p) -> list[str]:
    return ["-q", str(p.catalog("en", DOC)), str(p.template(DOC)), "-o", str(p.root / "merged.po")]


def assert_merges_as_msgmerge(project, refused: str | None = None):
    """`localepress merge` gives msgmerge's exit code and first message (or refuses `refused`)."""
    ours = invoke(["merge", *merge_args(project)])
    (project.root / "merged.po").unlink(missing_ok=True)
    gnu = subprocess.run(["msgmerge", *merge_args(project)], capture_output=True, check=False,
                         env={**os.environ, "LC_ALL": "C"})  # fmt: skip
    (project.root / "merged.po").unlink(missing_ok=True)
    if refused and gnu.returncode == 0:  # what msgmerge would take but not as written
        assert ours.exit_code == 1 and refused in ours.stderr, ours.output
        return ours
    assert ours.exit_code == gnu.returncode, ours.output
    first = gnu.stderr.decode("utf-8", "replace").split("\n")[0]
    assert (ours.stderr.split("\n")[0] if ours.stderr else "") == first.replace(
        "msgmerge: ", "localepress merge: "
    )
    return ours


def invoke(args: list[str]):
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("case", DAMAGES)
def test_a_damaged_catalog_is_refused_by_every_command_naming_file_and_line(
    project_copy, case, record_property
):
    damage = DAMAGES[case]
    path = project_copy.catalog("en", DOC)
    clean = path.read_text(encoding="utf-8")
    path.write_bytes(damage.make(clean))
    line = damage.line(clean)
    before = locales_tree(project_copy)
    where = f"{path}:{line}:" if line else f"{path}:"
    for command, args in COMMANDS.items():
        result = invoke(args(project_copy))
        if command == "publish":  # the language is gated out, with the reason: exit 1
            assert result.exit_code == 1, f"{command}: {result.output}"
            relative = where.removeprefix(f"{project_copy.root}/")
            message = next(m for m in result.output.splitlines() if "gated out" in m)
            assert f"gated out  en: {DOC}: {relative}" in message, message
        else:
            assert result.exit_code == 2, f"{command}: {result.output}"
            message = result.output.strip().splitlines()[-1]
            assert message.startswith(f"Error: {where}"), f"{command}: {message}"
        assert damage.message in message, f"{command}: {message}"
        assert locales_tree(project_copy) == before, f"{command} wrote under locales/"
    lost = damage.message if damage.message in ("NUL byte", "carriage return") else None
    assert_merges_as_msgmerge(project_copy, refused=lost)
    assert locales_tree(project_copy) == before, "merge wrote under locales/"
    record_property("cases", len(COMMANDS) + 1)


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("CRLF line endings", lambda t: t.replace("\n", "\r\n").encode()),
        ("Windows-1252 with its header", lambda t: t.replace("charset=UTF-8", "charset=CP1252")
         .encode("cp1252")),
        ("no trailing newline", lambda t: t.rstrip("\n").encode()),
        ("raw tab in a string", lambda t: t.replace(TRANSLATED, TRANSLATED[:-1] + '\t"').encode()),
        ("long lines, unwrapped", lambda t: t.replace('"\n"', "").encode()),
        ("fuzzy header", lambda t: t.replace('msgid ""\nmsgstr ""', '#, fuzzy\nmsgid ""\nmsgstr ""',
         1).encode()),
        ("Plural-Forms missing (English, no plural entry)", lambda t: t.replace(
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', "").encode()),
    ],
)  # fmt: skip
def test_an_unusual_catalog_is_read_exactly_as_its_clean_twin(
    project_copy, tmp_path, case, make, record_property
):
    path = project_copy.catalog("en", DOC)
    clean = path.read_text(encoding="utf-8")
    twin = tmp_path / "twin.po"
    twin.write_text(clean, encoding="utf-8")
    path.write_bytes(make(clean))
    expected = [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in read_catalog(twin)]
    found = [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in read_catalog(path)]
    if case == "raw tab in a string":
        expected = [(c, i, s + "\t" if s == TRANSLATED[8:-1] else s, o) for c, i, s, o in expected]
    assert found == expected
    translated = count(read_catalog(twin), "twin").translated
    stats = invoke(["stats", "--json", "-l", "en", "--doc", DOC])
    assert stats.exit_code == 0 and f'"translated": {translated},' in stats.output, stats.output
    for command in ("check", "compile", "update"):
        result = invoke(COMMANDS[command](project_copy))
        assert result.exit_code == 0, f"{command}: {result.output}"
    assert assert_merges_as_msgmerge(project_copy).exit_code == 0
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in read_catalog(path)] == expected
    record_property("cases", 6)


@pytest.fixture
def occitan(project_copy):
    """The Occitan press-kit catalog (it holds a plural entry) and its clean text."""
    path = project_copy.catalog("oc", "communique")
    return project_copy, path, path.read_text(encoding="utf-8")


PLURAL_FORMS = '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'


@pytest.mark.parametrize(
    ("case", "header", "compiles"),
    [
        ("missing", "", False),
        ("wrong rule", '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', True),
        ("three forms for two", '"Plural-Forms: nplurals=3; plural=(n > 1 ? 2 : n);\\n"', False),
        ("invalid expression", '"Plural-Forms: nplurals=2; plural=(n >;\\n"', False),
    ],
)
def test_a_missing_or_wrong_plural_forms_header_is_reported_fixed_or_refused(
    occitan, case, header, compiles, record_property
):
    """check: an error at the header (exit 1, the gate refuses); compile: exit 2 with the line
    where msgfmt refuses it; update: fixed from the language table and reported."""
    project, path, clean = occitan
    damaged = clean.replace(PLURAL_FORMS + "\n", header + "\n" if header else "")
    path.write_text(damaged, encoding="utf-8")
    before = locales_tree(project)
    check = invoke(["check", "-l", "oc"])
    assert check.exit_code == 1
    header_line = line_of(damaged, header) if header else line_of(damaged, 'msgid ""')
    assert f"communique.po:{header_line}: error: [plural-forms]" in check.output
    stats = invoke(["stats", "-l", "oc", "--doc", "communique"])
    assert stats.exit_code == 0 and "41 translated" in stats.output
    compiled = invoke(["compile", "-l", "oc", "--doc", "communique"])
    if compiles:  # msgfmt takes any valid rule: the gate is what keeps it out
        assert compiled.exit_code == 0
    else:
        assert compiled.exit_code == 2 and f"Error: {path}:" in compiled.output
        assert locales_tree(project) == before
    publish = invoke(["publish", "-l", "oc", "--doc", "communique", "-f", "md"])
    assert publish.exit_code in (1, 2) and not (project.output / "oc").exists()
    if publish.exit_code == 1:
        assert "oc: " in publish.output and "check error" in publish.output
    update = invoke(["update", "-l", "oc", "--doc", "communique"])
    assert update.exit_code == 0 and "fixed" in update.output and "Plural-Forms" in update.output
    fixed = read_catalog(path)
    assert fixed.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert invoke(["check", "-l", "oc"]).exit_code == 0
    record_property("cases", 6)


def test_a_broken_template_is_named_by_update_merge_and_stats(project_copy, record_property):
    template = project_copy.template(DOC)
    template.write_text(
        template.read_text(encoding="utf-8") + '\nmsgid "x\nmsgstr ""\n', encoding="utf-8"
    )
    before = locales_tree(project_copy)
    for args in (
        ["update", "-l", "en", "--doc", DOC],
        ["stats", str(template)],
        ["check", str(template)],
    ):
        result = invoke(args)
        assert result.exit_code == 2 and f"Error: {template}:" in result.output, result.output
    merged = assert_merges_as_msgmerge(project_copy)
    assert merged.exit_code == 1 and merged.stderr.startswith(f"{template}:")
    assert locales_tree(project_copy) == before
    record_property("cases", 4)


def test_missing_and_directory_catalogs_are_clear_errors(project_copy, record_property):
    path = project_copy.catalog("en", DOC)
    path.unlink()
    path.mkdir()
    for args in (["stats", str(path)], ["check", str(path.parent / "absent.po")]):
        result = invoke(args)
        assert result.exit_code == 2
        assert "is a directory" in result.output or "no such catalog" in result.output
    assert "Is a directory" in assert_merges_as_msgmerge(project_copy).stderr
    path.rmdir()
    assert "No such file" in assert_merges_as_msgmerge(project_copy).stderr
    record_property("cases", 4)


def big_catalog(header: str, entries: int, broken_at: int | None = None) -> str:
    parts = [header]
    for i in range(entries):
        end = "" if i == broken_at else '"'
        parts.append(
            f'#: notebooks/big.ipynb#c{i}:1\nmsgid "Phrase numéro {i} du texte source"\n'
            f'msgstr "Sentence number {i} of the source text{end}\n'
        )
    return "\n".join(parts)


@pytest.mark.slow
def test_a_catalog_of_50000_entries_is_read_merged_compiled_and_refused_at_its_last_line(
    project_copy, record_property
):
    path = project_copy.catalog("en", DOC)
    header = path.read_text(encoding="utf-8").split("\n\n")[0] + "\n"
    path.write_text(big_catalog(header, 50_000), encoding="utf-8")
    stats = invoke(["stats", "--json", "-l", "en", "--doc", DOC])
    assert stats.exit_code == 0 and '"translated": 50000' in stats.output
    assert invoke(["compile", "-l", "en", "--doc", DOC]).exit_code == 0
    merged = invoke(["merge", *merge_args(project_copy)[1:]])
    assert merged.exit_code == 0 and "50000 obsolete" in merged.output
    update = invoke(["update", "-l", "en", "--doc", DOC])
    assert update.exit_code == 0 and "new, 50000 obsolete" in update.output
    po = read_catalog(path)  # no translation lost: all kept as obsolete entries
    assert sum(e.obsolete and e.msgstr.startswith("Sentence number") for e in po) == 50_000

    text = big_catalog(header, 50_000, broken_at=49_999)
    path.write_text(text, encoding="utf-8")
    line = text.count("\n")  # the last msgstr
    before = locales_tree(project_copy)
    for command in ("check", "stats", "update", "compile"):
        result = invoke(COMMANDS[command](project_copy))
        assert result.exit_code == 2 and f"{path}:{line}: end-of-line" in result.output, command
    merged = invoke(["merge", *merge_args(project_copy)])
    # msgmerge's line: the one after the string, where the line break ended it
    assert merged.exit_code == 1 and merged.stderr.startswith(f"{path}:{line + 1}: end-of-line")
    assert locales_tree(project_copy) == before
    record_property("cases", 9)


# Writing: never a file the next read refuses, never a line swallowed --------------------------


def test_a_catalog_msgfmt_would_refuse_is_not_written(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes(b"untouched")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="\nLigne", msgstr="Line"))  # msgfmt: both begin with \n or none
    with pytest.raises(CatalogError, match=r"refusing to write .*begin with '\\n'"):
        write_catalog(po, path)
    assert path.read_bytes() == b"untouched"


def test_a_comment_ending_in_a_backslash_keeps_the_line_after_it(tmp_path):
    """GNU reads a backslash at the end of any line as a continuation: a translator comment
    `C:\\` used to swallow the obsolete entry's msgctxt line, and the entry changed key."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgctxt="menu", msgid="Accueil", msgstr="Home", tcomment="C:\\"))
    po.append(polib.POEntry(msgctxt="pied", msgid="Fin", msgstr="End", tcomment="D:\\",
                            obsolete=True))  # fmt: skip
    write_catalog(po, tmp_path / "x.po")
    back = read_catalog(tmp_path / "x.po")
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in back] == [
        ("menu", "Accueil", "Home", False),
        ("pied", "Fin", "End", True),
    ]
    assert [e.tcomment for e in back] == ["C:\\", "D:\\"]
    assert "# C:\\ \nmsgctxt" in (tmp_path / "x.po").read_text(encoding="utf-8")
