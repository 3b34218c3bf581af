"""The page template's strings: a template that does not parse stops `extract` with its file and
line, and leaves the interface template as it was (Babel's Jinja2 extractor is silent by
default)."""

from __future__ import annotations

from click.testing import CliRunner

from localepress.catalogs import extract
from localepress.cli import main


def test_template_strings_are_extracted_with_their_lines():
    messages = {m.msgid: m for m in extract.interface_messages()}
    assert "Aller au contenu" in messages
    assert all(line > 0 for m in messages.values() for _path, line in m.locations)


def test_broken_template_is_named_and_the_interface_template_survives(
    project_copy, tmp_path, monkeypatch
):
    broken = tmp_path / "index.html.j2"
    broken.write_text('{{ t("Aller au contenu") }}\n{% if %}\n', encoding="utf-8")
    monkeypatch.setattr(extract, "TEMPLATE", broken)
    pot = project_copy.template("interface")
    before = pot.read_bytes()
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2
    assert f"{broken}:2:" in result.output and "Traceback" not in result.output
    assert pot.read_bytes() == before
