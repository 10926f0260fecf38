"""Time the article cache's codec (msgspec MessagePack, today's) against the pickle it replaced.

    python3 bench/cache_codec.py                       # 10,000 and 50,000 articles, median of 5
    python3 bench/cache_codec.py --sizes 2000 --runs 3

For each size, a corpus from bench/make_corpus.py is parsed once with kabar's own loader
(load.load_sources); then cache.articles.save_cached (encode: pack every article, write the 16 shards) and
load_cached (decode: read them back, bodies left in the files) are timed, for today's module and
for the pickle version of state.py (git show 8badb50~1:src/kabar/state.py, loaded beside it), run by run
in turn so that both see the same load on a shared machine. Sizes are the shard files' bytes in all,
bodies included. Corpora are kept under /tmp/kabar-bench/cache-codec/.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kabar.cache import articles
from kabar.cache.store import CACHE_DIR
from kabar.config import load_config
from kabar.load import Sources, load_sources

HERE = Path(__file__).resolve().parent
MAKE_CORPUS = HERE / "make_corpus.py"
WORK = Path("/tmp/kabar-bench/cache-codec")
PICKLE_VERSION = "8badb50~1"  # the last commit whose state.py read the cache with pickle


def pickle_state():
    """state.py as it was with pickle, as a module of the kabar package (its relative imports resolve)."""
    source = subprocess.run(
        ["git", "-C", str(HERE.parent), "show", f"{PICKLE_VERSION}:src/kabar/state.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("kabar._state_pickle", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "kabar"
    sys.modules[spec.name] = module
    exec(compile(source, "state.py (pickle)", "exec"), module.__dict__)
    return module


def corpus(size: int, make_corpus: Path) -> Path:
    site = WORK / f"site-{size}"
    if not (site / "content").is_dir():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(make_corpus), "--articles", str(size), "--out", str(site / "content")], check=True
        )
        (site / "kabar.yml").write_text("title: Bench\nsearch: false\n")
    return site


def parsed(site: Path) -> tuple[bytes, dict]:
    config = load_config(site)
    files = sorted(str(p) for p in (site / "content").rglob("*.md"))
    return load_sources(Sources(files, shown_relative_to=site), config, jobs=os.cpu_count() or 1).cache


def measure(codec, cache: tuple[bytes, dict], root: Path) -> tuple[float, float, int, int]:
    """Seconds to save and to load the article cache with CODEC (its save and load), its size, articles read."""
    save, load = codec
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    started = time.perf_counter()
    save(root, *cache)
    saved = time.perf_counter()
    loaded = load(root)
    done = time.perf_counter()
    size = sum(p.stat().st_size for p in (root / CACHE_DIR).glob("articles-*"))
    return saved - started, done - saved, size, len(loaded[1]) if loaded else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=[10_000, 50_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--make-corpus", type=Path, default=MAKE_CORPUS, help="make_corpus.py, if not beside the repo")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    old = pickle_state()
    codecs = {"msgspec": (articles.save_cached, articles.load_cached), "pickle": (old.save_articles, old.load_articles)}
    rows = []
    for size in args.sizes:
        cache = parsed(corpus(size, args.make_corpus))
        times: dict[str, list[tuple[float, float, int, int]]] = {name: [] for name in codecs}
        with tempfile.TemporaryDirectory(dir=WORK) as scratch:
            for _ in range(args.runs):
                for name, codec in codecs.items():  # in turn, run by run: both see the same load
                    times[name].append(measure(codec, cache, Path(scratch)))
        for name, runs in times.items():
            assert all(run[3] == len(cache[1]) for run in runs), f"{name} read back fewer articles"
            encode, decode = (statistics.median(run[i] for run in runs) for i in (0, 1))
            rows.append((size, name, encode, decode, runs[0][2]))
    print(f"| articles | codec | encode (s) | decode (s) | size (bytes) |   median of {args.runs}")
    print("|---|---|---|---|---|")
    for size, name, encode, decode, size_bytes in rows:
        print(f"| {size:,} | {name} | {encode:.3f} | {decode:.3f} | {size_bytes:,} |")


if __name__ == "__main__":
    main()
