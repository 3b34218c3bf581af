"""Benchmark: localepress's merge against GNU msgmerge on a real catalog.

Takes a real translated catalog (a .po, or a .mo that GNU msgunfmt turns into one; by default
the largest .mo under /usr/share/locale), then a synthetic 10,000-segment corpus, builds a new
template from each deterministically (seeded: 10 % of msgids edited, 5 % removed, 300 added),
merges old catalog and new template with `msgmerge --previous`, with the library and with
`localepress merge --previous`, and prints the times, their ratios, how far the sets of
entries that became fuzzy agree, whether the outputs are identical and whether any
translation was lost.

    .venv/bin/python benchmarks/merge.py [CATALOG] [--seed N] [--runs N] [--segments N]

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from subprocess import PIPE

import polib

from localepress.catalogs.po import canonical_text, read_catalog
from localepress.catalogs.update import merge_files

EDITED, REMOVED, ADDED = 0.10, 0.05, 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalog", nargs="?", type=Path, help=".po or .mo (default: largest .mo)")
    parser.add_argument("--seed", type=int, default=20220413)
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--segments", type=int, default=SEGMENTS, help="synthetic corpus size")
    args = parser.parse_args()
    source = args.catalog or largest_mo(Path("/usr/share/locale"))
    with tempfile.TemporaryDirectory(prefix="lp-bench-") as tmp:
        work = Path(tmp)
        old_path = work / "real" / "old.po"
        old_path.parent.mkdir()
        if source.suffix == ".mo":
            subprocess.run(["msgunfmt", str(source), "-o", str(old_path)], check=True)
        else:
            shutil.copy(source, old_path)
        print(f"== real catalog: {source}")
        measure(read_catalog(old_path), old_path, args)
        old_path = work / "corpus" / "old.po"
        old_path.parent.mkdir()
        corpus = synthetic_catalog(args.segments, random.Random(args.seed))
        old_path.write_bytes(canonical_text(corpus))
        print(f"\n== synthetic corpus: {args.segments:,} segments (seeded, built here)")
        measure(corpus, old_path, args)
    return 0


def measure(old: polib.POFile, old_path: Path, args) -> None:
    """Time msgmerge and localepress on `old` and a template edited from it; print figures."""
    work = old_path.parent
    pot_path = work / "new.pot"
    template, plan = edited_template(old, random.Random(args.seed))
    pot_path.write_bytes(canonical_text(template))
    gnu_path, ours_path, cli_path = work / "gnu.po", work / "ours.po", work / "cli.po"
    msgmerge = ["msgmerge", "--quiet", "--previous", str(old_path), str(pot_path)]
    cli = [sys.executable, "-m", "localepress", "merge", "-q", "--previous"]
    cli += [str(old_path), str(pot_path)]
    times: dict[str, list[float]] = {"msgmerge": [], "localepress": [], "cli": []}
    for _ in range(args.runs):  # interleaved, so a busy moment hurts both alike
        ours_path.unlink(missing_ok=True)
        times["msgmerge"].append(
            timed(lambda: subprocess.run([*msgmerge, "-o", str(gnu_path)], check=True))
        )
        times["localepress"].append(timed(lambda: merge_files(old_path, pot_path, ours_path)))
        times["cli"].append(
            timed(lambda: subprocess.run([*cli, "-o", str(cli_path)], check=True, stdout=PIPE))
        )
    gnu, ours, cli_time = (min(times[k]) for k in ("msgmerge", "localepress", "cli"))

    gnu_po, ours_po = polib.pofile(str(gnu_path)), polib.pofile(str(ours_path))
    gnu_fuzzy, ours_fuzzy = fuzzy_entries(gnu_po), fuzzy_entries(ours_po)
    both = gnu_fuzzy.keys() & ours_fuzzy.keys()
    either = gnu_fuzzy.keys() | ours_fuzzy.keys()
    same_proposal = sum(gnu_fuzzy[key] == ours_fuzzy[key] for key in both)
    identical = gnu_path.read_bytes() == ours_path.read_bytes() == cli_path.read_bytes()

    translated = sum(1 for e in old if e.translated())
    print(f"catalog      {translated} translated entries")
    print(
        f"template     seed {args.seed}: {plan['edited']} msgids edited, "
        f"{plan['removed']} removed, {plan['added']} added ({len(template)} entries)"
    )
    print(f"msgmerge     {gnu:.3f} s  (msgmerge --previous, best of {args.runs})")
    print(f"localepress  {ours:.3f} s  (update.merge_files: read, merge, write)")
    print(f"ratio        {ours / gnu:.2f}  (localepress / msgmerge)")
    print(f"cli          {cli_time:.3f} s  (localepress merge --previous, start-up included)")
    print(f"cli ratio    {cli_time / gnu:.2f}  (localepress merge / msgmerge)")
    print(f"fuzzy        msgmerge {len(gnu_fuzzy)}, localepress {len(ours_fuzzy)}")
    print(f"agreement    {100 * len(both) / max(len(either), 1):.1f} %  (both / either)")
    print(f"proposals    {same_proposal} of {len(both)} with the same translation proposed")
    print(f"lost         localepress {lost(old, ours_po)}, msgmerge {lost(old, gnu_po)}")
    print(f"identical    {'yes' if identical else 'no'} (localepress and its CLI vs msgmerge)")


SEGMENTS = 10_000
_SYLLABLES = ["al", "ès", "ter", "ri", "toi", "re", "cé", "ven", "nes", "mar", "que", "in", "gé",
              "ni", "eux", "sud", "com", "mu", "ne", "pa", "tri", "moi", "ne", "in", "dus",
              "trie"]  # fmt: skip


def synthetic_catalog(count: int, rng: random.Random) -> polib.POFile:
    """A translated catalog of `count` press-kit-like segments (titles to long paragraphs)."""
    words = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(1, 4))) for _ in range(3000)})
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "corpus",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    while len(po) < count:
        length = rng.choice([2, 3, 5, 8, 12, 20, 30, 45])
        msgid = " ".join(rng.choices(words, k=length)).capitalize() + rng.choice([".", "", ":"])
        if msgid in seen:
            continue
        seen.add(msgid)
        entry = polib.POEntry(msgid=msgid, msgstr="EN " + msgid[::-1])
        entry.occurrences = [(f"notebooks/doc{len(po) % 7}.ipynb#cell{len(po)}", "1")]
        po.append(entry)
    return po


def largest_mo(root: Path) -> Path:
    """The largest .mo under `root` (ties by path), a real catalog of several thousand entries."""
    found = sorted(root.rglob("*.mo"), key=lambda p: (-p.stat().st_size, str(p)))
    if not found:
        raise SystemExit(f"no .mo under {root}; pass a catalog")
    return found[0]


def edited_template(old: polib.POFile, rng: random.Random) -> tuple[polib.POFile, dict]:
    """A new template from `old`'s msgids: some edited as authors edit, some removed, some new."""
    entries = [e for e in old if not e.obsolete]
    vocabulary = sorted({word for e in entries for word in e.msgid.split()})
    order = list(range(len(entries)))
    rng.shuffle(order)
    edited = set(order[: round(EDITED * len(entries))])
    removed = set(order[len(edited) : len(edited) + round(REMOVED * len(entries))])
    known = {(e.msgctxt, e.msgid) for e in entries} | {(None, "")}

    template = polib.POFile(wrapwidth=79)
    template.metadata = dict(old.metadata)
    template.metadata["POT-Creation-Date"] = "2026-01-01 00:00+0000"
    for i, entry in enumerate(entries):
        if i in removed:
            continue
        msgid = entry.msgid
        if i in edited:
            msgid = edit(msgid, rng, vocabulary)
            while (entry.msgctxt, msgid) in known:
                msgid = edit(msgid, rng, vocabulary)
            known.add((entry.msgctxt, msgid))
        template.append(blank(msgid, entry.msgctxt, entry.msgid_plural))
    for _ in range(ADDED):
        msgid = new_msgid(entries, rng, vocabulary)
        while (None, msgid) in known:
            msgid = new_msgid(entries, rng, vocabulary)
        known.add((None, msgid))
        template.insert(rng.randrange(len(template) + 1), blank(msgid, None, None))
    return template, {"edited": len(edited), "removed": len(removed), "added": ADDED}


def edit(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """One edit of the kinds authors make: a word replaced, added, dropped; a typo; punctuation."""
    words = text.split(" ")
    at = rng.randrange(len(words))
    kind = rng.choice(["replace", "insert", "delete", "typo", "punctuation"])
    if kind == "replace":
        words[at] = rng.choice(vocabulary)
    elif kind == "insert":
        words.insert(at, rng.choice(vocabulary))
    elif kind == "delete" and len(words) > 1:
        del words[at]
    elif kind == "typo" and len(text) > 2:
        i = rng.randrange(len(text) - 1)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    else:
        return text.rstrip(".:!") + rng.choice([".", ":", "!", " …"])
    return " ".join(words)


def new_msgid(entries: list[polib.POEntry], rng: random.Random, vocabulary: list[str]) -> str:
    """Half new prose, half spliced from two existing msgids (close to old ones, as in life)."""
    if rng.random() < 0.5:
        return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 12)))
    first, second = rng.choice(entries).msgid, rng.choice(entries).msgid
    return first[: len(first) // 2] + second[len(second) // 2 :]


def blank(msgid: str, msgctxt: str | None, plural: str | None) -> polib.POEntry:
    entry = polib.POEntry(msgid=msgid, msgctxt=msgctxt, msgid_plural=plural or "")
    if plural:
        entry.msgstr_plural = {0: "", 1: ""}
    return entry


def fuzzy_entries(po: polib.POFile) -> dict[tuple[str | None, str], str]:
    """{(msgctxt, msgid): proposed translation} of the fuzzy entries."""
    return {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in po
        if e.fuzzy and not e.obsolete
    }


def lost(old: polib.POFile, merged: polib.POFile) -> int:
    """Old translations found nowhere in the merge: not kept, not proposed, not obsolete."""
    kept = set()
    for e in merged:
        translation = e.msgstr or e.msgstr_plural.get(0, "")
        kept.add((e.msgctxt, e.msgid, translation))
        if e.fuzzy and e.previous_msgid is not None:
            kept.add((e.previous_msgctxt, e.previous_msgid, translation))
    return sum(
        (e.msgctxt, e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) not in kept
        for e in old
        if e.translated()
    )


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
