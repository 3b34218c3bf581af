"""Benchmark: `check` and `update` on a 10,000-segment document, against Translate Toolkit.

Builds, in a temporary project, a notebook of 10,000 Markdown segments (seeded: headings,
paragraphs, list items; some with years, bold or a link), extracts its template and writes en,
es and oc catalogs translated word by word from a small glossary (so every entry is checked).
Then it times, as commands a user types:

- `localepress check FILE` against Translate Toolkit's `pofilter -i FILE -o OUT` on each
  catalog, and prints the ratio (target ≤ 1.0);
- after 10 % of the segments are edited, 2 % removed and 100 added, and `extract`:
  `localepress update -l en,es,oc`, the three catalogs in one command as a translator team
  runs it (target ≤ 3 s per language), best of N runs from the same catalogs.

Then (`--part publish`) it publishes, in a copy of the tiny fixture project, 20 generated
notebooks (its identity card, numbered) in 8 languages (en es oc ca it de pl ar: the new ones
created by `update -l`) with `--threshold 0 -f html`, for 1, 4 and 8 languages × 5, 10 and 20
documents, and prints for each its wall time, the cost per edition and the publish command's
peak RSS (its largest process, kernels included; target: bounded). A publish command pays a
fixed start-up once, whatever it builds (the interpreter, its imports and the first kernel:
about 3 s here): it is measured as a 1×1 publish, and the cost per edition is what each
further edition adds, (T(n) − T(1×1)) / (n − 1), flat within 20 % from 1×5 to 8×20 if the cost
is linear in documents × languages. With `--jobs N` the reference is a 1×N publish (a single
edition is built without a pool: the workers' start-up belongs in the reference), and the cost
per edition (T(n) − T(1×N)) / (n − N). Wall time per edition is printed too: it falls as the fixed
start-up is shared by more editions. Times are medians of 5 runs up to 20 editions, single runs
above. The editions are built with `-j 1` unless `--jobs` says otherwise: with two workers on
two cores the smallest sets are only a second or two above the reference, too short to measure
finely (and with an odd number of editions one worker waits for the other's last one).

The load average is printed with the figures: on a shared machine both tools slow down.

    .venv/bin/python benchmarks/scale.py [--part catalogs|publish|all] [--segments N]
        [--runs N] [--seed N] [--languages 1,4,8] [--documents 5,10,20] [--jobs N]

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

LANGS = ("en", "es", "oc")
BIN = Path(sys.executable).parent
# fr, en, es, oc: one word each, so a sentence translates word by word.
GLOSSARY = [
    ("territoire", "territory", "territorio", "territòri"),
    ("ville", "town", "ciudad", "vila"),
    ("marque", "brand", "marca", "marca"),
    ("histoire", "history", "historia", "istòria"),
    ("culture", "culture", "cultura", "cultura"),
    ("entreprise", "company", "empresa", "entrepresa"),
    ("habitants", "inhabitants", "habitantes", "estatjants"),
    ("montagne", "mountain", "montaña", "montanha"),
    ("rivière", "river", "río", "ribièra"),
    ("école", "school", "escuela", "escòla"),
    ("avenir", "future", "futuro", "avenidor"),
    ("projet", "project", "proyecto", "projècte"),
    ("construit", "builds", "construye", "bastís"),
    ("partage", "shares", "comparte", "parteja"),
    ("invente", "invents", "inventa", "inventa"),
    ("accueille", "welcomes", "acoge", "acuèlh"),
    ("protège", "protects", "protege", "protegís"),
    ("ingénieux", "ingenious", "ingenioso", "engenhós"),
    ("durable", "lasting", "duradero", "durable"),
    ("vivant", "living", "vivo", "viu"),
    ("ancien", "old", "antiguo", "ancian"),
    ("nouveau", "new", "nuevo", "novèl"),
    ("grand", "large", "grande", "grand"),
    ("fort", "strong", "fuerte", "fòrt"),
    ("et", "and", "y", "e"),
    ("avec", "with", "con", "amb"),
    ("pour", "for", "para", "per"),
    ("dans", "in", "en", "dins"),
    ("chaque", "each", "cada", "cada"),
    ("notre", "our", "nuestro", "nòstre"),
]
LINK = ("site", "website", "sitio", "site")
IN_YEAR = ("en", "in", "en", "en")


def sentence(rng: random.Random, index: int) -> tuple[str, ...]:
    """One segment in fr, en, es, oc: 6–14 glossary words, sometimes a year, bold or a link."""
    rows = [rng.choice(GLOSSARY) for _ in range(rng.randint(6, 14))]
    texts = [" ".join(row[i] for row in rows) for i in range(4)]
    if rng.random() < 0.2:
        year = 1900 + rng.randrange(125)
        texts = [f"{t} {IN_YEAR[i]} {year}" for i, t in enumerate(texts)]
    texts = [t[0].upper() + t[1:] + f" {index}." for t in texts]  # unique, and a number to keep
    if rng.random() < 0.1:
        texts = [f"**{t}**" for t in texts]
    elif rng.random() < 0.05:
        texts = [f"{t} [{LINK[i]}](https://example.org/p{index})" for i, t in enumerate(texts)]
    return tuple(texts)


def build_notebook(segments: int, rng: random.Random) -> tuple[list[list[str]], dict]:
    """Cells of ten segments (a heading, five paragraphs, four list items) and each segment's
    translations, keyed by the French Markdown."""
    cells, table = [], {}
    for start in range(0, segments, 10):
        texts = [sentence(rng, start + i) for i in range(min(10, segments - start))]
        table.update({t[0]: dict(zip(LANGS, t[1:], strict=True)) for t in texts})
        cells.append([t[0] for t in texts])
    return cells, table


def markdown(cell: list[str]) -> str:
    head, *rest = cell
    paragraphs, items = rest[:5], rest[5:]
    parts = [f"## {head}", *paragraphs]
    if items:
        parts.append("\n".join(f"- {item}" for item in items))
    return "\n\n".join(parts)


def write_notebook(root: Path, cells: list[list[str]]) -> None:
    nb = new_notebook(
        cells=[new_markdown_cell(markdown(c), id=f"c{i}") for i, c in enumerate(cells)]
    )
    nbformat.write(nb, str(root / "notebooks" / "scale.ipynb"))


def edited(cells: list[list[str]], rng: random.Random, table: dict) -> list[list[str]]:
    """10 % of the segments edited (a word changed), 2 % removed, 100 added."""
    out = []
    for cell in cells:
        new = []
        for text in cell:
            roll = rng.random()
            if roll < 0.02:
                continue
            if roll < 0.12:
                text = text.replace(" ", f" {rng.choice(GLOSSARY)[0]} ", 1)
            new.append(text)
        out.append(new or cell[:1])
    for i in range(100):
        out.append([sentence(rng, 10**6 + i)[0]])
    return out


def localepress(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root)}
    return subprocess.run(
        [str(BIN / "localepress"), *args], cwd=root, env=env, capture_output=True, check=False
    )


def timed(run) -> float:
    clock = time.perf_counter()
    run()
    return time.perf_counter() - clock


def fill_catalogs(root: Path, table: dict) -> None:
    from localepress.catalogs.po import read_catalog, write_catalog
    from localepress.project import Project

    project = Project(root)
    for lang in LANGS:
        path = project.catalog(lang, "scale")
        po = read_catalog(path)
        for entry in po:
            if entry.msgid in table:
                entry.msgstr = table[entry.msgid][lang]
        write_catalog(po, path)


PUBLISH_LANGS = ("en", "es", "oc", "ca", "it", "de", "pl", "ar")
FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "project"
LANGUAGE_DATA = Path(__file__).resolve().parents[1] / "source" / "languages.yml"


def publish_project(root: Path, documents: int) -> list[str]:
    """The fixture project with `documents` numbered copies of its identity card (and nothing
    else to publish), templates extracted and catalogs of the 8 languages created."""
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("*.mo", "output"))
    card = nbformat.read(str(root / "notebooks" / "fiche.ipynb"), as_version=4)
    for path in [*(root / "notebooks").glob("*.ipynb"), *(root / "locales").rglob("*.po*")]:
        if path.stem != "interface":
            path.unlink()
    docs = [f"doc{n:02d}" for n in range(1, documents + 1)]
    for number, doc in enumerate(docs, 1):
        nb = copy.deepcopy(card)
        for cell in nb.cells:
            cell.source = cell.source.replace('"fiche"', f'"{doc}"')
            if cell.cell_type == "markdown" and cell.source.startswith("# "):
                cell.source = cell.source.replace("\n", f" ({number})\n", 1)
        nbformat.write(nb, str(root / "notebooks" / f"{doc}.ipynb"))
    for step in (("extract",), ("update", "-l", ",".join(PUBLISH_LANGS))):
        result = localepress(root, *step)
        assert result.returncode == 0, result.stderr.decode()
    return docs


def publish_once(root: Path, langs, docs, jobs: int) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, the largest process of the tree) of one `publish`."""
    shutil.rmtree(root / "output", ignore_errors=True)
    args = ["publish", "-l", ",".join(langs), "--doc", ",".join(docs), "--threshold", "0",
            "-f", "html", "-j", str(jobs)]  # fmt: skip
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root)}
    clock = time.perf_counter()
    process = subprocess.Popen([str(BIN / "localepress"), *args], cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - clock
    assert status == 0, stderr.decode()
    published = list((root / "output").glob("*/*.html"))
    assert len(published) == len(langs) * len(docs), stderr.decode()
    return seconds, usage.ru_maxrss


def timed_publish(root: Path, langs, docs, args) -> tuple[float, int]:
    """Median seconds and largest peak RSS of `publish`: 5 runs for sets of up to 20 editions
    (a second's noise in a short run would swing its cost per edition by a fifth), 1 above."""
    runs = [publish_once(root, langs, docs, args.jobs)
            for _ in range(5 if len(langs) * len(docs) <= 20 else 1)]  # fmt: skip
    return statistics.median(seconds for seconds, _ in runs), max(rss for _, rss in runs)


def bench_publish(args) -> None:
    languages = [int(n) for n in args.languages.split(",")]
    documents = [int(n) for n in args.documents.split(",")]
    with tempfile.TemporaryDirectory(prefix="lp-scale-publish-") as tmp:
        root = Path(tmp) / "project"
        docs = publish_project(root, max(documents))
        print(
            f"publish      {max(documents)} generated documents, languages "
            f"{', '.join(PUBLISH_LANGS[: max(languages)])}, html, -j {args.jobs}"
        )
        base = max(1, args.jobs)  # one edition per worker: the reference starts them all
        start_up = timed_publish(root, PUBLISH_LANGS[:1], docs[:base], args)[0]
        print(f"publish 1×{base:<3}  {base:4d} edition{'s' if base > 1 else ' '} in "
              f"{start_up:7.1f} s: start-up and one edition per worker")  # fmt: skip
        per_edition, peaks = {}, []
        for count in languages:
            for number in documents:
                editions = count * number
                seconds, rss = timed_publish(root, PUBLISH_LANGS[:count], docs[:number], args)
                per_edition[count, number] = (seconds - start_up) / (editions - base)
                peaks.append(rss)
                print(
                    f"publish {count}×{number:<3} {editions:4d} editions in {seconds:7.1f} s: "
                    f"{per_edition[count, number]:.2f} s per further edition "
                    f"({seconds / editions:.2f} s wall per edition), peak RSS {rss / 1024:.0f} MiB"
                )
        small, large = min(per_edition), max(per_edition)
        change = per_edition[large] / per_edition[small] - 1
        spread = max(per_edition.values()) / min(per_edition.values()) - 1
        print(
            f"publish      per edition {per_edition[small]:.2f} s at {'×'.join(map(str, small))}, "
            f"{per_edition[large]:.2f} s at {'×'.join(map(str, large))}: {change * 100:+.0f} % "
            f"(target within ±20 %); widest spread over all {len(per_edition)}: "
            f"{spread * 100:.0f} %; peak RSS {min(peaks) / 1024:.0f}–{max(peaks) / 1024:.0f} MiB"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("catalogs", "publish", "all"), default="all")
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2, help="timed runs; the best counts")
    parser.add_argument("--seed", type=int, default=20220413)
    parser.add_argument("--languages", default="1,4,8", help="publish: language counts")
    parser.add_argument("--documents", default="5,10,20", help="publish: document counts")
    parser.add_argument("--jobs", type=int, default=1, help="publish -j (see above)")
    args = parser.parse_args()
    if args.part in ("catalogs", "all"):
        bench_catalogs(args)
    if args.part in ("publish", "all"):
        bench_publish(args)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0


def bench_catalogs(args) -> None:
    pofilter = shutil.which("pofilter", path=str(BIN)) or shutil.which("pofilter")
    if pofilter is None:
        sys.exit("pofilter not found: pip install translate-toolkit (the dev extras have it)")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="lp-scale-") as tmp:
        root = Path(tmp)
        for folder in ("notebooks", "locales", "source"):
            (root / folder).mkdir()
        shutil.copy(LANGUAGE_DATA, root / "source")  # the project's language corrections
        cells, table = build_notebook(args.segments, rng)
        write_notebook(root, cells)
        for step in (("extract",), ("update", "-l", ",".join(LANGS))):
            result = localepress(root, *step)
            assert result.returncode == 0, result.stderr.decode()
        fill_catalogs(root, table)
        entries = len(table)
        print(f"document     {entries} segments in {len(cells)} Markdown cells (seed {args.seed})")

        worst = 0.0
        for lang in LANGS:
            path = root / "locales" / lang / "LC_MESSAGES" / "scale.po"
            ours, theirs = [], []
            for _ in range(args.runs):  # interleaved, so a busy moment hurts both alike
                ours.append(timed(lambda p=path: localepress(root, "check", str(p))))
                out = root / f"pofilter-{lang}.po"
                theirs.append(timed(lambda p=path, o=out: subprocess.run(
                    [pofilter, "--progress=none", "-i", str(p), "-o", str(o)],
                    capture_output=True, check=True)))  # fmt: skip
            ratio = min(ours) / min(theirs)
            worst = max(worst, ratio)
            print(
                f"check {lang}     localepress {min(ours):.2f} s, pofilter {min(theirs):.2f} s, "
                f"ratio {ratio:.2f} (best of {args.runs})"
            )
        print(f"check        worst ratio {worst:.2f} (target ≤ 1.0)")

        write_notebook(root, edited(cells, rng, table))
        assert localepress(root, "extract").returncode == 0
        before = {lang: root / "locales" / lang / "LC_MESSAGES" / "scale.po" for lang in LANGS}
        saved = {lang: path.read_bytes() for lang, path in before.items()}
        times, result = [], None
        for _ in range(args.runs):
            for lang, path in before.items():
                path.write_bytes(saved[lang])

            def update():
                nonlocal result
                result = localepress(root, "update", "-l", ",".join(LANGS), "--doc", "scale")

            times.append(timed(update))
            assert result.returncode == 0, result.stderr.decode()
        print(result.stdout.decode().rstrip())
        best = min(times)
        print(
            f"update       {best:.2f} s for {len(LANGS)} languages, "
            f"{best / len(LANGS):.2f} s per language (target ≤ 3 s; best of {args.runs})"
        )


if __name__ == "__main__":
    sys.exit(main())
