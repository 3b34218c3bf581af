"""What a master notebook imports while it runs: the edition's language, its compiled catalog,
the facts, and Babel formatting with the language table's conventions.

Notebooks stay thin: `ed = Edition("dossier-de-presse", lang)` then `_`, `ngettext`,
`pgettext` and the formatters. An untranslated message falls back to French wrapped in
`<span lang="fr">`, so screen readers switch voice and the gap is visible in review.
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
from functools import cached_property
from pathlib import Path

import phonenumbers
import yaml
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from localepress.languages import SOURCE_LANGUAGE, get_language, ordinal
from localepress.project import Project


class Edition:
    def __init__(
        self,
        doc: str,
        lang: str = SOURCE_LANGUAGE,
        audience: str = "press",
        project: Project | None = None,
    ):
        self.doc = doc
        self.language = get_language(lang)
        self.audience = audience
        self.project = project or Project.find()

    @property
    def lang(self) -> str:
        return self.language.code

    @cached_property
    def facts(self) -> dict:
        with open(self.project.source / "facts.yml", encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    @cached_property
    def _catalog(self) -> gettext.NullTranslations:
        mo = Path(self.project.catalog(self.lang, self.doc)).with_suffix(".mo")
        if self.lang == SOURCE_LANGUAGE or not mo.exists():
            return gettext.NullTranslations()
        with open(mo, "rb") as handle:
            return gettext.GNUTranslations(handle)

    def _known(self, key: str) -> bool:
        return key in getattr(self._catalog, "_catalog", {})

    def _fallback(self, text: str) -> str:
        return f'<span lang="{SOURCE_LANGUAGE}">{html.escape(text, quote=False)}</span>'

    def gettext(self, message: str) -> str:
        if self.lang == SOURCE_LANGUAGE:
            return message
        return self._catalog.gettext(message) if self._known(message) else self._fallback(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.lang == SOURCE_LANGUAGE or not self._known((singular, 0)):
            text = singular if n <= 1 else plural  # French: singular for 0 and 1
            return text if self.lang == SOURCE_LANGUAGE else self._fallback(text)
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        if self.lang == SOURCE_LANGUAGE:
            return message
        key = f"{context}\x04{message}"
        return (
            self._catalog.pgettext(context, message)
            if self._known(key)
            else self._fallback(message)
        )

    # Formatting --------------------------------------------------------------------------

    def date(self, value: dt.date, format: str = "long") -> str:
        pattern = self.language.full_date if format == "full" else format
        text = self._house_style(format_date(value, pattern, locale=self.language.babel_locale))
        return text[:1].upper() + text[1:] if format == "full" else text

    def month(self, value: dt.date) -> str:
        text = format_skeleton("yMMMM", value, locale=self.language.babel_locale)
        return self._house_style(text)

    def year(self, value: dt.date) -> str:
        return format_skeleton("y", value, locale=self.language.babel_locale)

    def interval(self, start: dt.date, end: dt.date, skeleton: str = "yMMMM") -> str:
        text = format_interval(start, end, skeleton, locale=self.language.babel_locale)
        return self._house_style(text)

    def _house_style(self, text: str) -> str:
        """Babel's text in the catalogs' typography (Occitan: d'abril, not d’abril)."""
        apostrophe = self.language.apostrophe
        return text.replace("’", apostrophe) if apostrophe else text

    def number(self, value) -> str:
        return format_decimal(value, locale=self.language.number_locale)

    def currency(self, amount, currency: str = "EUR") -> str:
        whole = amount == int(amount)
        return format_currency(
            amount,
            currency,
            locale=self.language.number_locale,
            format=None if not whole else _whole_currency_pattern(self.language.number_locale),
            currency_digits=not whole,
        )

    def list(self, items: list[str]) -> str:
        return format_list(items, locale=self.language.babel_locale)

    def ordinal(self, n: int, feminine: bool = False) -> str:
        return ordinal(self.lang, n, feminine)

    def phone(self, number: str) -> str:
        """National form for the French press, international for every reader abroad."""
        parsed = phonenumbers.parse(number, "FR")
        national = self.lang == SOURCE_LANGUAGE and self.audience != "international"
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if national
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(parsed, style)

    def show(self, markdown: str):
        """Display Markdown as the cell's output (rendered by the exporters like prose)."""
        from IPython.display import Markdown, display

        display(Markdown(markdown))


def _whole_currency_pattern(locale: str) -> str:
    """The locale's currency pattern without decimals (1 000 000 €, not 1 000 000,00 €)."""
    from babel import Locale

    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return pattern.split(";")[0].replace(".00", "")
