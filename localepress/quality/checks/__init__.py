"""Quality checks of translated catalogs, modelled on Translate Toolkit's pofilter and Weblate's
checks, without their noisy ones (quote styles, capitalisation, sentence counts, acronyms).

Every translated entry (not fuzzy, not empty, not obsolete) is compared with its French source;
each finding names the file, the line of the entry's msgstr, the check and a severity:

==============  ========  =====================================================================
check           severity  what it reports
==============  ========  =====================================================================
markup          error     Markdown/HTML parity: bold, italic, links and their targets, images,
                          tags and attributes, hard line breaks (trailing \\), block structure
                          such as heading level; warning for a dropped <sup> or emphasis split
                          differently
numbers         error     numbers and years changed or dropped; warning for a single digit
                          (may be spelled out) or an added number
placeholders    error     Python brace fields ({ordinal}) and printf conversions (%s, %d,
                          %(name)s) dropped or added (entries flagged python-brace-format,
                          python-format or c-format are msgfmt's)
urls            error     URLs not copied unchanged
emails          error     email addresses not copied unchanged
phones          error     phone numbers changed (compared as numbers, any format)
termbase        error     do-not-translate term altered, forbidden variant used; warning for
                          an approved term not found
same-as-source  error     translation identical to the French, unless only names and numbers
whitespace      warning   leading or trailing spaces differ
punctuation     warning   final punctuation differs (… and ..., French spacing allowed for)
length          warning   translation under half or over twice the source's length
typography      warning   French spacing (fr, oc: U+202F before ; ! ?, inside « », U+00A0
                          before :), no French spacing elsewhere; error for a missing Spanish
                          opening ¿ or ¡
spelling        warning   words hunspell does not know (one note when it cannot run)
plural-forms    error     the header's Plural-Forms is not the language table's rule (the .mo
                          would choose plural forms by the wrong rule; `update` fixes it)
stale           error     entries of the template missing from the catalog (it is older than
                          its template; `update` adds them); warning for entries the template
                          no longer has
msgfmt          error     what `msgfmt -c` reports (its warnings as warnings)
==============  ========  =====================================================================

Silencing: a translator comment above an entry, ``# ignore-check: numbers, markup``
(comma-separated check names, as listed above), silences those checks for that entry; an
extracted comment (``#.``, from the notebook) works too. It cannot silence msgfmt, since the
compiler refuses the file anyway, nor plural-forms and stale (the catalog's, not an entry's),
nor the markup guards against an added tag outside simple formatting, an added attribute or a
script link: translators write that comment too.

Severity is what the publish gate (`quality.gate`) reads: any error keeps a language unpublished.

French master text: ``check_templates`` applies the French typography and spelling checks to
the msgids of the templates (`localepress check -l fr`).
"""

from localepress.quality.checks.catalog import Finding
from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.runner import (
    CHECKS,
    Report,
    catalog_language,
    check_catalog,
    check_files,
    check_pair,
    check_po,
    check_project,
    check_templates,
    ignored_checks,
)

__all__ = [
    "CHECKS", "ERROR", "WARNING", "Finding", "Issue", "Report", "catalog_language",
    "check_catalog", "check_files", "check_pair", "check_po", "check_project", "check_templates",
    "ignored_checks",
]  # fmt: skip
