"""What a translation copies rather than translates: placeholders, URLs, emails, phones, numbers.

Placeholders are Python brace fields and printf conversions, compared as multisets: French
"50 %" is no conversion (a space never follows the % of one), and URLs are masked first
(their %E2 escapes are none either).
Phone numbers are recognised and compared by `phonenumbers` in E.164 form, so the national
"04 66 56 11 11" and the international "+33 4 66 56 11 11" are the same number. Numbers are
compared by their digits, so 1 000, 1,000 and 1.000 agree whatever the language's separators.
A missing number is an error from 10 on (years, amounts); a missing single digit is a warning,
since "3 piliers" may fairly read "three pillars"; Roman numerals count (siglo XVII for 17e).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import phonenumbers

from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.text import (
    EMAIL,
    NONE,
    OBJECT,
    PLACEHOLDER,
    PRINTF,
    URL,
    Text,
    mask,
    ordinals_in_words,
    roman_numbers,
)

BRACE_FORMATS = frozenset({"python-brace-format"})
PRINTF_FORMATS = frozenset({"python-format", "c-format"})
_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D")
_DIGIT_RUN = re.compile(r"[+(]?\d(?:\W{0,3}\d)*")  # digits as phones are written, any grouping
_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)?"
)


def check_placeholders(source: Text, translation: Text, flags=()) -> list[Issue]:
    """Python brace fields ({ordinal}) and printf conversions (%s, %d, %(name)s): a missing one
    loses data, an extra one makes the formatting fail or prints as it is ("Our 3 pillars %s").

    A kind msgfmt -c already checks (the entry's python-brace-format, python-format or
    c-format flag) is left to it.
    """
    issues = []
    for kinds, found in ((BRACE_FORMATS, _braces), (PRINTF_FORMATS, _printf)):
        if kinds.intersection(flags):
            continue
        s, t = found(source.raw), found(translation.raw)
        if s - t:
            issues.append(Issue("placeholders", ERROR, f"missing {_list(s - t)}"))
        if t - s:
            issues.append(Issue("placeholders", ERROR, f"not in the source: {_list(t - s)}"))
    return issues


def _braces(raw: str) -> Counter:
    return Counter(PLACEHOLDER.findall(raw)) if "{" in raw else NONE


def _printf(raw: str) -> Counter:
    if "%" not in raw:
        return NONE
    return Counter(PRINTF.findall(mask(raw, URL).replace("%%", "")))


def check_urls(source: Text, translation: Text) -> list[Issue]:
    return _copied("urls", _urls(source), _urls(translation))


def check_emails(source: Text, translation: Text) -> list[Issue]:
    return _copied("emails", _emails(source), _emails(translation))


def check_phones(source: Text, translation: Text) -> list[Issue]:
    return _copied("phones", _phones(source.plain), _phones(translation.plain))


def check_numbers(source: Text, translation: Text, lang: str | None = None) -> list[Issue]:
    """Numbers by their digits; Roman numerals and the language's ordinal words (a French
    5<sup>e</sup> as English "fifth") stand for the numbers they write."""
    s, t = _numbers(source), _numbers(translation)
    if s == t:
        return []
    missing, extra = s - t, t - s
    for value in roman_numbers(translation.plain):
        if missing[str(value)]:
            missing[str(value)] -= 1
    for value, count in ordinals_in_words(source, translation, lang).items():
        missing[str(value)] -= min(count, missing[str(value)])
    missing = +missing
    extra = Counter({number: n for number, n in extra.items() if len(number) > 1})
    severe = any(len(number) > 1 for number in missing)
    return _issue("numbers", missing, extra, ERROR if severe else WARNING)


def _copied(check: str, source: Counter, translation: Counter) -> list[Issue]:
    if source == translation:
        return []
    return _issue(check, source - translation, translation - source, ERROR)


def _issue(check: str, missing: Counter, extra: Counter, severity: str) -> list[Issue]:
    """One issue for all that differs: a changed value is one finding, not two."""
    parts = [f"missing {_list(missing)}"] if missing else []
    parts += [f"not in the source: {_list(extra)}"] if extra else []
    if not parts:
        return []
    return [
        Issue(
            check,
            severity if missing else WARNING if check == "numbers" else ERROR,
            "; ".join(parts),
        )
    ]


def _list(counter: Counter) -> str:
    return ", ".join(sorted(counter.elements()))


def _urls(text: Text) -> Counter:
    if "://" not in text.plain and "www." not in text.plain:
        return NONE
    return Counter(URL.findall(text.plain))


def _emails(text: Text) -> Counter:
    if "@" not in text.plain:
        return NONE
    return Counter(email.lower() for email in EMAIL.findall(text.plain))


def _phones(plain: str) -> Counter:
    return Counter(number for _, _, number in _phone_matches(mask(plain, URL, EMAIL)))


@functools.lru_cache(maxsize=8192)
def _phone_matches(plain: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, E.164 number) of each phone number in `plain`.

    The matcher is slow (it tries every digit run against every numbering plan), so it runs
    only where a run of digits and separators could be a valid number: six digits after a +
    (the shortest international numbers), nine without (a French number, read from "FR").
    """
    if not any(
        len(_DIGIT.findall(run)) >= (6 if run[0] in "+(" else 9)
        for run in _DIGIT_RUN.findall(plain)
    ):
        return ()
    return tuple(
        (m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
        for m in phonenumbers.PhoneNumberMatcher(plain, "FR")
    )


def _phone_spans(plain: str) -> str:
    for start, end, _ in _phone_matches(plain):
        plain = plain[:start] + OBJECT * (end - start) + plain[end:]
    return plain


def _numbers(text: Text) -> Counter:
    if not _DIGIT.search(text.plain):
        return NONE
    plain = _phone_spans(mask(text.plain, URL, EMAIL))
    plain = mask(plain, PLACEHOLDER)
    digits = (_NOT_DIGIT.sub("", number) for number in _NUMBER.findall(plain))
    return Counter(str(int(number)) for number in digits if number)
