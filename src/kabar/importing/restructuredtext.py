"""reStructuredText articles (Pelican's other format): their title and docinfo fields, and their body as HTML.

docutils reads them with every way out of the text closed: no `include` or `raw` directive, no file or URL
read by a directive, no docutils.conf found on the way, no message printed. The HTML body sits in one <div>, which
the Python-Markdown engine that Pelican sites use passes through as it is.
"""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree, publish_parts

SAFE = {
    "file_insertion_enabled": False,  # .. include::, csv-table :file:/:url:
    "raw_enabled": False,  # .. raw:: html
    "_disable_config": True,  # no docutils.conf from the working folder
    "report_level": 5,  # nothing printed
    "halt_level": 5,  # a mistake in the text is shown in it, as docutils does, not a stop
    "input_encoding": "unicode",
    "output_encoding": "unicode",
    "embed_stylesheet": False,
}


def read_rst(text: str) -> tuple[dict[str, str], str, list[tuple[int, str]]]:
    """TEXT's fields (title, date, tags... lowercased, as text), its body as HTML, and what docutils could not
    render (each with its line: an `include` or `raw` directive, a mistake in the text)."""
    doctree = publish_doctree(text, settings_overrides=SAFE)
    left_out = [
        (message.get("line") or 1, " ".join(message[0].astext().split()))  # its first paragraph: what happened
        for message in doctree.findall(nodes.system_message)
        if message["level"] >= 2  # warnings and errors; not docutils' notes
    ]
    meta = {"title": doctree["title"]} if doctree.get("title") else {}
    for docinfo in doctree.findall(nodes.docinfo):
        for item in docinfo.children:
            if isinstance(item, nodes.field):
                meta[item[0].astext().lower()] = item[1].astext()
            elif item.tagname == "authors":  # docutils' own :authors:, :author:, :date:, :status:
                meta["authors"] = "; ".join(child.astext() for child in item.children)
            else:
                meta[item.tagname] = item.astext()
    body = publish_parts(text, writer="html5", settings_overrides=SAFE)["body"]  # without title and docinfo
    return meta, f'<div class="rst">\n{body.strip()}\n</div>', left_out
