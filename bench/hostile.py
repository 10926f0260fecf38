"""Timing guard for hostile articles: no 1 MB article may cost a build more than a second.

    python3 bench/hostile.py [--limit 1.0] [--sizes 1000000] [--markdown-engine python-markdown]

For each pathological shape (deep quotes, lists, emphasis and <div>s, one long line, footnotes, a
huge table...), a site of one plain article plus one hostile article of about 1 MB is built with
`kabar build` (search and safe_html on, one process), and the seconds over the same site without the
hostile article are printed. A shape kabar refuses (with its message) counts the time to refuse it.
Exits 1 when one costs more than --limit seconds. Timings on a busy machine run high: rerun before
believing a failure.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAIN = "---\ntitle: Banjir Rendam Bekasi\ndate: 2024-03-05 09:30\ncategory: Nasional\n---\nHujan deras.\n"
SHAPES = {
    "quotes nested": lambda n: "> " * (n // 2) + "x\n",
    "lists nested": lambda n: "- " * (n // 2) + "x\n",
    "emphasis nested": lambda n: "*_" * (n // 4) + "x" + "_*" * (n // 4) + "\n",
    "divs nested": lambda n: "<div>" * (n // 11) + "x" + "</div>" * (n // 11) + "\n",
    "one long line": lambda n: "kata " * (n // 5) + "\n",
    "footnotes": lambda n: (
        "".join(f"a[^{i}]\n" for i in range(n // 28)) + "\n" + "".join(f"[^{i}]: c\n" for i in range(n // 28))
    ),
    "a huge table": lambda n: "|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + ("|" + "b|" * 100 + "\n") * (n // 201),
    "links never closed": lambda n: "[a](" * (n // 4) + "\n",
    "brackets nested": lambda n: "[" * (n // 2) + "x" + "]" * (n // 2) + "\n",
    "'&#' repeated": lambda n: "&#" * (n // 2) + "\n",
    "'<' repeated": lambda n: "<" * n + "\n",
    "backticks": lambda n: "".join("e" + "`" * i for i in range(1, int((2 * n) ** 0.5))) + "\n",
    "link references": lambda n: "".join(f"[r{i}]: /u{i}\n" for i in range(n // 28)) + "[r0] " * (n // 10),
    "a long link reference": lambda n: "[a]: /" + "x" * n + "\n\n" + "[a] " * 1000 + "\n",
    "many images": lambda n: "![a](/b.jpg) " * (n // 13) + "\n",
    "unique words": lambda n: " ".join(f"w{i}" for i in range(n // 8)) + "\n",
    "quotation marks": lambda n: '"' * n + "\n",
    # Just within every per-article limit at once (src/kabar/limits.py), padded with text to the size.
    "at every limit": lambda n: (
        "[^1] " * 1_999
        + "[a] " * 9_998
        + "*a* " * 24_000
        + "|" * 29_000
        + "\n\n"
        + "<b>x</b>&amp; " * 6_600
        + '"' * 49_000
        + "\n\n[^1]: c\n\n"
        + " ".join(f"w{i}" for i in range(19_000))
        + " kata" * max(0, (n - 600_000) // 5)
        + "\n"
    ),
    # Just within Python-Markdown's tighter limits (markdown_engines.PYTHON_MARKDOWN_BUDGETS) at once.
    "at every python-markdown limit": lambda n: (
        "[^1] " * 499
        + "[a] " * 7_000
        + "*a* " * 11_000
        + "|" * 4_900
        + "\n\n"
        + "<b>x</b>&amp; " * 2_600
        + '"' * 49_000
        + "\n\n"
        + "`a` " * 9_000
        + "\n\n[^1]: c\n\n"
        + " ".join(f"w{i}" for i in range(19_000))
        + " kata" * max(0, (n - 350_000) // 5)
        + "\n"
    ),
}


def build_seconds(kabar: list[str], root: Path) -> tuple[float, int]:
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / ".kabar-cache", ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(
        [*kabar, "build", "-q", "--jobs", "1", "--now", "2026-01-01T00:00Z"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=float, default=1.0, help="most extra seconds one article may cost")
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of each hostile article")
    parser.add_argument("--markdown-engine", choices=("cmark-gfm", "python-markdown"), default="cmark-gfm")
    args = parser.parse_args()
    kabar = [sys.executable, "-m", "kabar"]
    with tempfile.TemporaryDirectory(prefix="kabar-hostile-") as temp:
        root = Path(temp)
        (root / "content").mkdir()
        settings = f"safe_html: true\nmarkdown: {{engine: {args.markdown_engine}}}\n"
        (root / "kabar.yml").write_text(settings, encoding="utf-8")
        (root / "content" / "plain.md").write_text(PLAIN, encoding="utf-8")
        base = min(build_seconds(kabar, root)[0] for _ in range(3))
        print(f"{'plain site':22} {base:7.2f} s")
        over = []
        for name, make in SHAPES.items():
            hostile = root / "content" / "hostile.md"
            hostile.write_text(PLAIN.replace("Banjir", "Serangan") + make(args.size), encoding="utf-8")
            seconds, code = build_seconds(kabar, root)
            extra = seconds - base
            verdict = "refused" if code else "built"
            print(f"{name:22} {extra:+7.2f} s  ({verdict})", flush=True)
            if extra > args.limit:
                over.append(name)
            hostile.unlink()
    if over:
        print(f"over {args.limit} s: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
