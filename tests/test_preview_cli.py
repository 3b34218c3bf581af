"""`localepress serve` refuses bad input with exit code 2 before it builds anything."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from localepress.cli import main


def test_unknown_language_and_document_are_refused(project_copy):
    language = CliRunner().invoke(main, ["serve", "-l", "xx"])
    assert language.exit_code == 2 and "unknown language 'xx'" in language.output
    assert "closest known tags: xh (Xhosa)" in language.output
    document = CliRunner().invoke(main, ["serve", "--doc", "nope"])
    assert document.exit_code == 2 and "translated documents: communique, fiche" in document.output


def test_a_taken_port_is_named(project_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert not (project_copy.output / ".preview").exists()  # nothing built
