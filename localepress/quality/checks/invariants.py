"""What a translation copies rather than translates: placeholders, URLs, emails, phones, numbers.

Phone numbers are recognised and compared by `phonenumbers` in E.164 form, so the national
"04 66 56 11 11" and the international "+33 4 66 56 11 11" are the same number. Numbers are
compared by their digits, so 1 000, 1,000 and 1.000 agree whatever the language's separators.
A missing number is an error from 10 on (years, amounts); a missing single digit is a warning,
since "3 piliers" may fairly read "three pillars"; Roman numerals count (siglo XVII for 17e).
"""

from __future__ import annotations

import re
from collections import Counter

import phonenumbers

from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.text import (
    EMAIL,
    OBJECT,
    PLACEHOLDER,
    URL,
    Text,
    mask,
    roman_numbers,
)

_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)?"
)


def check_placeholders(source: Text, translation: Text, flags=()) -> list[Issue]:
    """Python brace fields: a missing one loses data, an extra one makes str.format fail.

    Entries flagged `python-brace-format` are left to msgfmt -c, which checks them already.
    """
    if "python-brace-format" in flags:
        return []
    s, t = Counter(PLACEHOLDER.findall(source.raw)), Counter(PLACEHOLDER.findall(translation.raw))
    issues = []
    if s - t:
        issues.append(Issue("placeholders", ERROR, f"missing {_list(s - t)}"))
    if t - s:
        issues.append(Issue("placeholders", ERROR, f"not in the source: {_list(t - s)}"))
    return issues


def check_urls(source: Text, translation: Text) -> list[Issue]:
    return _copied("urls", _urls(source), _urls(translation))


def check_emails(source: Text, translation: Text) -> list[Issue]:
    return _copied("emails", _emails(source), _emails(translation))


def check_phones(source: Text, translation: Text) -> list[Issue]:
    return _copied("phones", _phones(source.plain), _phones(translation.plain))


def check_numbers(source: Text, translation: Text) -> list[Issue]:
    s, t = _numbers(source), _numbers(translation)
    missing, extra = s - t, t - s
    for value in roman_numbers(translation.plain):
        if missing[str(value)]:
            missing[str(value)] -= 1
    missing = +missing
    extra = Counter({number: n for number, n in extra.items() if len(number) > 1})
    severe = any(len(number) > 1 for number in missing)
    return _issue("numbers", missing, extra, ERROR if severe else WARNING)


def _copied(check: str, source: Counter, translation: Counter) -> list[Issue]:
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
    return Counter(URL.findall(text.plain))


def _emails(text: Text) -> Counter:
    return Counter(email.lower() for email in EMAIL.findall(text.plain))


def _phones(plain: str) -> Counter:
    found = Counter()
    for match in phonenumbers.PhoneNumberMatcher(mask(plain, URL, EMAIL), "FR"):
        found[phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)] += 1
    return found


def _phone_spans(plain: str) -> str:
    for match in phonenumbers.PhoneNumberMatcher(plain, "FR"):
        plain = plain[: match.start] + OBJECT * (match.end - match.start) + plain[match.end :]
    return plain


def _numbers(text: Text) -> Counter:
    plain = _phone_spans(mask(text.plain, URL, EMAIL))
    plain = mask(plain, PLACEHOLDER)
    digits = (re.sub(r"\D", "", number) for number in _NUMBER.findall(plain))
    return Counter(str(int(number)) for number in digits if number)
