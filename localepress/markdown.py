"""The markdown-it-py parser set-ups, in one place, so segmentation, localization, rendering and
the checks read Markdown the same way (CommonMark plus tables).

`DOCUMENT` is the parser of the flow. `CHECKING` accepts every link destination, `javascript:`
included: markdown-it drops such a link from its tokens, and the checks must see it to refuse it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt


def _commonmark() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


DOCUMENT = _commonmark()
CHECKING = _commonmark()
CHECKING.validateLink = lambda url: True
