"""Read a WordPress export (WXR) into an Imported kabar site: articles, pages, comments, menus, uploads, addresses.

Posts: publish -> an article; future -> an article dated then (scheduled); draft -> `draft: true`; pending, private,
trashed and password-protected posts are not imported (a report line each). One category per article: Yoast's or
Rank Math's primary category when the post has one, else its first category in the export's order; its other
categories, the parents of a child category and its tags become tags. The summary is the SEO plugin's meta
description, else the excerpt, else the text before <!--more-->. Dates are the post's local time; the site's time
zone is the one most posts' offset (post_date - post_date_gmt) names. Every old address (the post's link, /?p=ID,
each _wp_old_slug, the later pages <!--nextpage--> made of it, the attachment pages of its files, the old
category, tag and author pages, their later pages and feeds, the site's feeds) leads to the new one, through
`aliases:` and `redirects:` (not each post's comments feed: reported); the posts' links to each other at old
addresses are rewritten to the new ones. Uploads are copied with the resized copies WordPress made of each image.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import urls
from .htmlbody import paragraphs, plain_text
from .model import Document, Imported, Report, unused_path
from .oldsite import MAIN_FEED, addresses_change, later_pages, refused_pattern
from .wpaddresses import (
    DEFAULT_ARTICLE,
    article_url,
    describe,
    follows,
    infer_pattern,
    most_followed_pattern,
    old_path,
    rewrite_links,
    values,
)
from .wpautop import wpautop
from .wpbody import Attachment, Library, convert, site_address, site_path, with_host
from .wpmenus import Targets, build_menus
from .wpuploads import listed_copies, uploads_to_copy
from .wxr import Channel, Comment, Item, read_export

# Named zones for the offsets of Indonesia (WIB, WITA, WIT) and others with no whole-hour Etc/GMT zone.
ZONES = {
    0: "UTC",
    7 * 60: "Asia/Jakarta",
    8 * 60: "Asia/Makassar",
    9 * 60: "Asia/Jayapura",
    5 * 60 + 30: "Asia/Kolkata",
    5 * 60 + 45: "Asia/Kathmandu",
    9 * 60 + 30: "Australia/Darwin",
    -(3 * 60 + 30): "America/St_Johns",
}
WORDPRESS_INTERNALS = {
    "revision", "customize_changeset", "oembed_cache", "custom_css", "user_request", "wp_global_styles",
    "wp_template", "wp_template_part", "wp_navigation", "wp_font_family", "wp_font_face",
}  # fmt: skip
NO_DATE = "0000-00-00 00:00:00"
FILE_STEM_MAX = 190  # bytes: with "-NN.md" a file name stays under 200
UNCATEGORIZED = "Tak Berkategori"  # WordPress's own name for it in Indonesian
UPLOADS = "wp-content/uploads"
# The meta description Yoast SEO or Rank Math kept (what search results and shares showed): the summary.
SEO_DESCRIPTIONS = ("_yoast_wpseo_metadesc", "rank_math_description")
SEO_VARIABLE = re.compile(r"%%?[a-z_]+%%?")  # Yoast's %%title%%, Rank Math's %excerpt%: only the plugin fills them
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The site's feeds as WordPress serves them, pretty and plain (its comments' too: kabar has none, a reader gets a feed).
SITE_FEEDS = ("/feed/", "/feed/rss2/", "/feed/rss/", "/feed/rdf/", "/feed/atom/", "/comments/feed/",
              "/?feed=rss2", "/?feed=atom", "/?feed=comments-rss2")  # fmt: skip
WORDPRESS_PER_PAGE = 10  # posts_per_page's default: the export does not say the old site's


@dataclass
class Post:
    """A post or page on its way to a Document: what the second pass needs."""

    item: Item
    when: dt.datetime  # local, naive
    offset: int | None  # minutes east of UTC, None for drafts
    slug: str


def read(source: str, uploads: Path | None) -> Imported:
    """The kabar site that the WordPress export SOURCE describes; files under UPLOADS copied where referenced."""
    channel, stream = read_export(Path(source))
    posts: list[Item] = []
    pages: list[Item] = []
    menu_entries: list[Item] = []
    library = Library()
    report = Report()
    ignored: Counter[str] = Counter()
    for item in stream:
        kind = item.post_type
        if kind == "post":
            posts.append(item)
        elif kind == "page":
            pages.append(item)
        elif kind == "nav_menu_item":
            menu_entries.append(item)
        elif kind == "attachment":
            library.add(_attachment(item))
        elif kind == "wp_block":
            library.reusable[item.post_id] = item.content
        elif kind in WORDPRESS_INTERNALS:
            ignored[kind] += 1
        else:
            report.skip(f"post {item.post_id}", f"post type '{kind}' is not imported (a plugin's: no kabar equivalent)")
    for kind, count in sorted(ignored.items()):
        report.skip(kind, f"{count} item(s) of WordPress's own ({kind}): not content, not imported")
    return _Site(channel, library, report, uploads).build(posts, pages, menu_entries)


def _attachment(item: Item) -> Attachment:
    return Attachment(
        post_id=item.post_id,
        url=item.attachment_url or item.guid,
        title=_plain_title(item.title),
        caption=plain_text(item.excerpt),
        alt=item.first_meta("_wp_attachment_image_alt").strip(),
        parent=item.post_parent,
        order=int(item.menu_order) if item.menu_order.lstrip("-").isdigit() else 0,
        resized=tuple(listed_copies(item.first_meta("_wp_attachment_metadata"), item.first_meta("_wp_attached_file"))),
        page=item.link,
    )


def _unpublished(post: Post) -> bool:
    return post.item.status != "publish"


def _plain_title(title: str) -> str:
    return plain_text(title)


class _Site:
    """One export's second pass: the channel's settings and lookups, filled while the documents are made."""

    def __init__(self, channel: Channel, library: Library, report: Report, uploads: Path | None) -> None:
        self.channel = channel
        self.library = library
        self.report = report
        self.uploads = uploads
        home = channel.base_blog_url or channel.link or channel.base_site_url
        parts = urlsplit(home)
        self.blog_path = parts.path.rstrip("/")
        hosts = {urlsplit(url).hostname or "" for url in (home, channel.base_site_url, channel.link)}
        library.hosts = tuple(sorted(host.removeprefix("www.") for host in hosts if host))
        library.blog_path = self.blog_path
        library.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
        self.home = home.rstrip("/")
        self.imported = Imported(settings={}, report=report)
        self.referenced: set[str] = set()
        self.taken_urls: dict[str, str] = {}  # new URL or alias -> the post id that has it
        self.taken_files: set[str] = set()
        self.article_urls: dict[str, str] = {}  # post id -> its new URL
        self.page_addresses: dict[str, str] = {}  # post id -> address ("tentang/kontak")
        self.category_ids = {term.term_id: term for term in channel.categories.values()}
        self.child_categories: set[str] = set()  # "Olahraga > Sepak Bola": a child whose parents became tags
        self.flattened_posts = 0  # posts that got those tags
        self.scheduled: set[str] = set()  # the post ids of scheduled articles: not on the new site yet
        self.off_pattern: set[str] = set()  # the post ids whose old links do not follow the pattern kept
        self.old_posts: list[Item] = []  # every post of the export: what the old site's listings showed
        self.comment_feeds: dict[str, str] = {}  # post id -> the old address of its comments' feed

    # ------------------------------------------------------------------ the whole site

    def build(self, posts: list[Item], pages: list[Item], menu_entries: list[Item]) -> Imported:
        self.old_posts = posts
        zone = self._zone(posts + pages)
        articles = [post for item in posts if (post := self._admit(item, "post"))]
        pattern = self._pattern(articles)
        article_documents = [self._article(post, pattern, zone) for post in articles]
        page_ids = {item.post_id: item for item in pages}
        page_posts = [post for item in pages if (post := self._admit(item, "page"))]
        # Published pages first: of two at one address (drafts have no post_name: one made of the title), it keeps it.
        page_documents = [self._page(post, page_ids) for post in sorted(page_posts, key=_unpublished)]
        self.imported.documents = [d for d in article_documents + page_documents if d is not None]
        self._rewrite_links({post.item.post_id for post in articles + page_posts if post.item.status != "draft"})
        self.imported.settings = self._settings(zone, pattern, menu_entries)
        if self.child_categories:
            chains = ", ".join(sorted(self.child_categories))
            self.report.skip(
                "categories",
                f"kabar has no child categories: {self.flattened_posts} post(s) in a child category ({chains})"
                " keep the child as category (or tag), and its parent categories became tags",
            )
        self._copy_uploads()
        self.report.done = {kind: count for kind, count in sorted(self.report.done.items())}
        return self.imported

    def _zone(self, items: list[Item]) -> str:
        """The site's time zone: the offset most dated posts show, by name (see ZONES) or as Etc/GMT-N."""
        offsets = Counter(offset for item in items if (offset := _offset(item)) is not None)
        minutes = min(offsets, key=lambda o: (-offsets[o], o)) if offsets else 0
        if minutes in ZONES:
            return ZONES[minutes]
        if minutes % 60 == 0:
            return f"Etc/GMT{-minutes // 60:+d}"
        self.report.skip("timezone", f"offset {minutes} minutes has no zone name: UTC, with each date's offset")
        return "UTC"

    def _admit(self, item: Item, kind: str) -> Post | None:
        """ITEM as a Post when it is to be imported; a report line when not."""
        where = f"{kind} {item.post_id} ({_plain_title(item.title) or 'untitled'})"
        if item.password:
            self.report.skip(where, "password-protected: not imported, so never published")
            return None
        if item.status in ("pending", "private", "trash", "auto-draft", "inherit"):
            self.report.skip(where, f"status '{item.status}': not imported")
            return None
        if item.status not in ("publish", "future", "draft"):
            self.report.skip(where, f"unknown status '{item.status}': not imported")
            return None
        when = _local(item.post_date)
        if when is None:
            self.report.skip(where, f"post_date {item.post_date!r} is not a date: not imported")
            return None
        name = unquote(item.post_name)
        slug = urls.slugify(name) or urls.slugify(_plain_title(item.title)) or f"{kind}-{item.post_id}"
        return Post(item=item, when=when, offset=_offset(item), slug=slug)

    # ------------------------------------------------------------------ articles

    def _pattern(self, articles: list[Post]) -> str:
        """The pattern of the old links, when kabar can keep it: every published post's, or the one more than half
        follow (the others are noted in off_pattern, for a line each); else kabar's default, and one line."""
        linked = [post for post in articles if post.item.status == "publish" and post.item.link]
        samples = [(old_path(post.item.link, self.blog_path), self._values(post, post.slug)) for post in linked]
        pattern = infer_pattern(samples) or most_followed_pattern(samples)
        if pattern is None or refused_pattern(pattern):
            if samples:
                self.report.skip("permalinks", addresses_change(describe(samples), DEFAULT_ARTICLE))
            return DEFAULT_ARTICLE
        followed = [follows(pattern, path, given) for path, given in samples]
        self.off_pattern = {post.item.post_id for post, kept in zip(linked, followed, strict=True) if not kept}
        return pattern

    def _values(self, post: Post, slug: str) -> dict[str, str]:
        return values(post.when, slug, post.item.post_id, urls.slugify(self._categories(post.item)[0]))

    def _categories(self, item: Item) -> list[str]:
        """The post's category names, the primary one first (Yoast's or Rank Math's, else the first)."""
        nicenames = [nicename for domain, nicename, _ in item.terms if domain == "category"]
        names = {nicename: name for domain, nicename, name in item.terms if domain == "category"}
        primary_id = item.first_meta("_yoast_wpseo_primary_category") or item.first_meta("rank_math_primary_category")
        primary = self.category_ids.get(primary_id.strip())
        if primary and primary.slug in names:
            nicenames.remove(primary.slug)
            nicenames.insert(0, primary.slug)
        ordered = list(dict.fromkeys(names[nicename] for nicename in nicenames))
        return ordered or [UNCATEGORIZED]

    def _article(self, post: Post, pattern: str, zone: str) -> Document | None:
        item = post.item
        categories = self._categories(item)
        slug = post.slug
        url = article_url(pattern, self._values(post, slug))
        number = 1
        while url in self.taken_urls:
            number += 1
            slug = f"{post.slug[: urls.SLUG_MAX - 4]}-{number}"
            url = article_url(pattern, self._values(post, slug))
        self.taken_urls[url] = item.post_id
        self.article_urls[item.post_id] = url
        if item.post_id in self.off_pattern:
            self.report.skip(
                f"post {item.post_id} ({_plain_title(item.title) or 'untitled'})",
                f"its old address {old_path(item.link, self.blog_path)} does not follow the site's {pattern}, so it"
                f" moves to {url}; the old one is an alias",
            )
        front: dict[str, Any] = {"title": self._title(item, post)}
        front["date"] = _dated(post, zone)
        front["category"] = categories[0]
        author = self.channel.authors.get(item.creator, item.creator)
        if author:
            front["author"] = author
        parents = self._parent_categories(item, categories)
        post_tags = [name for domain, _, name in item.terms if domain == "post_tag" and name]
        tags = list(dict.fromkeys([*categories[1:], *parents, *post_tags]))
        if tags:
            front["tags"] = tags
        body = convert(self._formatted(item), item.post_id, self.library)
        summary = self._seo_description(item) or plain_text(item.excerpt) or body.teaser
        if summary:
            front["summary"] = summary
        self._featured_image(item, front)
        front["slug"] = slug
        front["id"] = int(item.post_id) if item.post_id.isdigit() else item.post_id
        if item.guid:
            front["guid"] = item.guid
        if item.status == "publish":
            aliases = self._aliases(item, post, url, body.pages)
            if aliases:
                front["aliases"] = aliases
            if item.link:
                self.comment_feeds[item.post_id] = _comments_feed(old_path(item.link, self.blog_path), item.post_id)
        self._joined(f"post {item.post_id}", item, body.pages, front.get("aliases", []))
        if item.status == "draft":
            front["draft"] = True
            self.report.count("drafts")
        elif item.status == "future":
            self.report.count("scheduled")
            self.scheduled.add(item.post_id)
        if item.sticky:
            front["featured"] = True
        for note in body.notes:
            self.report.skip(f"post {item.post_id}", note)
        self.referenced.update(body.uploads)
        path = self._file(f"content/{post.when:%Y/%m}", slug)
        comments = self._comments(item, zone)
        self.report.count("articles")
        return Document(path=path, front=front, body=body.html, comments=comments)

    def _parent_categories(self, item: Item, categories: list[str]) -> list[str]:
        """The parents (and theirs) of ITEM's categories that are not among its CATEGORIES, nearest first: WordPress
        listed the post on each of their pages, and kabar, whose categories have no children, makes them tags."""
        found = []
        for domain, nicename, name in item.terms:
            term = self.channel.categories.get(nicename)
            if domain != "category" or term is None:
                continue
            parents = [self.channel.categories[slug].name for slug in self._category_path(term)]
            added = [parent for parent in reversed(parents) if parent not in categories]
            if added:
                self.child_categories.add(" > ".join([*parents, name]))
                found.extend(added)
        self.flattened_posts += bool(found)
        return list(dict.fromkeys(found))

    def _seo_description(self, item: Item) -> str:
        """The post's meta description from Yoast SEO or Rank Math, or "" when it has none or one made with the
        plugin's variables (reported: the excerpt is used)."""
        for key in SEO_DESCRIPTIONS:
            description = plain_text(item.first_meta(key))
            if description and SEO_VARIABLE.search(description):
                self.report.skip(
                    f"{item.post_type} {item.post_id}",
                    f"{key} {description!r} needs its plugin to fill it in: not the summary",
                )
            elif description:
                return description
        return ""

    def _title(self, item: Item, post: Post) -> str:
        title = _plain_title(item.title)
        if title:
            return title
        words = plain_text(item.content).split()
        made = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
        self.report.skip(f"post {item.post_id}", "no title (an aside or status?): its first words are its title")
        return made or f"{post.when:%Y-%m-%d %H:%M}"

    def _formatted(self, item: Item) -> str:
        """The content as its post format shows it: a quote as a blockquote, a chat as speakers' lines."""
        formats = [nicename.removeprefix("post-format-") for domain, nicename, _ in item.terms
                   if domain == "post_format"]  # fmt: skip
        content = item.content
        if "quote" in formats and "<blockquote" not in content:
            return f"<blockquote>{content.strip()}</blockquote>"
        if "chat" in formats and "<!-- wp:" not in content:
            return re.sub(r"^([^\n:<]{1,40}):", r"<strong>\1:</strong>", content, flags=re.MULTILINE)
        return content

    def _featured_image(self, item: Item, front: dict[str, Any]) -> None:
        image = self.library.attachments.get(item.first_meta("_thumbnail_id").strip())
        if image is None:
            return
        front["image"] = site_path(image.url, self.library)
        front["image_alt"] = image.alt or image.title or front["title"]
        if image.caption:
            front["image_caption"] = image.caption
        self.referenced.update(_upload_paths(front["image"]))

    def _aliases(self, item: Item, post: Post, url: str, pages: int) -> list[str]:
        found = []
        if item.link:
            path = old_path(item.link, self.blog_path)
            found.append(path)
            found += _later_pages(path, pages)
            for old_slug in item.meta.get("_wp_old_slug", []):
                if item.post_name and f"/{item.post_name}/" in path:
                    found.append(path.replace(f"/{item.post_name}/", f"/{old_slug.strip()}/"))
        found.append(f"/?p={item.post_id}")
        found += self._attachment_pages(item.post_id)
        kept = []
        for alias in dict.fromkeys(found):
            if alias == url or alias in ("/", ""):
                continue
            if self.taken_urls.setdefault(alias, item.post_id) != item.post_id:
                self.report.skip(f"post {item.post_id}", f"old address {alias} is another post's: no alias")
                continue
            kept.append(alias)
        self.report.count("aliases", len(kept))
        return kept

    def _joined(self, where: str, item: Item, pages: int, aliases: list[str]) -> None:
        """A report line for a post or page that <!--nextpage--> split into PAGES on the old site: joined into one,
        the old addresses of its later pages among its ALIASES."""
        if pages < 2:
            return
        old = old_path(item.link, self.blog_path) if item.link else ""
        later = [alias for alias in _later_pages(old, pages) if old and alias in aliases]
        self.report.skip(
            where,
            f"its {pages} pages (<!--nextpage-->) are joined into one"
            + (f"; the old addresses of the later ones ({later[0]}{'...' if len(later) > 1 else ''}) lead to it"
               if later else ""),
        )  # fmt: skip

    def _attachment_pages(self, post_id: str) -> list[str]:
        """The old addresses of the attachment pages of the files attached to POST_ID (its <link>, under the post's
        address with pretty permalinks, and /?attachment_id=ID), which lead to it: the story that shows the file
        (WordPress 6.4 and Yoast lead them to the file; the story tells a reader what it shows)."""
        found = []
        for attachment in self.library.by_parent.get(post_id, ()):  # images, and PDFs, sounds...
            if attachment.page:
                found.append(old_path(attachment.page, self.blog_path))
            found.append(f"/?attachment_id={attachment.post_id}")
        return found

    def _file(self, folder: str, slug: str) -> str:
        stem = slug.encode()[:FILE_STEM_MAX].decode("ascii", "ignore").rstrip("-") or "post"
        return unused_path(self.taken_files, folder, stem)

    def _comments(self, item: Item, zone: str) -> list[dict[str, Any]]:
        kept = [c for c in item.comments if c.approved == "1" and c.kind in ("", "comment")]
        dropped = len(item.comments) - len(kept)
        if dropped:
            self.report.count("comments not kept (spam, pending, trashed, pingbacks, trackbacks)", dropped)
        ids = {c.comment_id for c in kept}
        result = []
        for comment, parent in _parents_first(kept):
            author = comment.author if comment.author and not EMAIL.match(comment.author) else "Anonim"
            entry: dict[str, Any] = {
                "id": int(comment.comment_id) if comment.comment_id.isdigit() else comment.comment_id,
                "author": author,
                "date": _comment_date(comment.date, comment.date_gmt, zone),
                # As WordPress showed it (line breaks, paragraphs), a link to the old site with its address
                "text": paragraphs(wpautop(with_host(comment.content, self.library))),
            }
            if parent is not None:
                entry["parent"] = int(parent) if parent.isdigit() else parent
            elif comment.parent != "0":
                missing = comment.parent not in ids
                why = "which is not kept (deleted, spam or pending)" if missing else "in a loop of replies"
                self.report.skip(
                    f"post {item.post_id}",
                    f"comment {comment.comment_id} answers comment {comment.parent}, {why}: shown as a comment"
                    " of its own",
                )
            result.append(entry)
        self.report.count("comments", len(result))
        return result

    # ------------------------------------------------------------------ pages

    def _page(self, post: Post, pages: dict[str, Item]) -> Document | None:
        item = post.item
        address = "/".join([*self._ancestors(item, pages), post.slug])
        if address == "index":
            self.report.skip(f"page {item.post_id}", "slug 'index' would be the front page, which is the site's")
            return None
        if f"pages/{address}.md" in self.taken_files:
            number = 2
            while f"pages/{address}-{number}.md" in self.taken_files:
                number += 1
            self.report.skip(
                f"page {item.post_id} ({_plain_title(item.title) or 'untitled'})",
                f"/{address}/ is another page's address: imported at /{address}-{number}/",
            )
            address = f"{address}-{number}"
        self.taken_files.add(f"pages/{address}.md")
        front: dict[str, Any] = {"title": self._title(item, post)}
        body = convert(item.content, item.post_id, self.library)
        summary = self._seo_description(item) or plain_text(item.excerpt)
        if summary:
            front["summary"] = summary
        if item.status == "draft":
            front["draft"] = True
        url = f"/{address}/"
        aliases = []
        if item.status == "publish" and item.link:
            aliases.append(old_path(item.link, self.blog_path))
            aliases += _later_pages(aliases[0], body.pages)
        aliases.append(f"/?page_id={item.post_id}")
        aliases.append(f"/?p={item.post_id}")  # WordPress answers a page's id as a post's too
        aliases += self._attachment_pages(item.post_id)
        aliases = [a for a in dict.fromkeys(aliases) if a != url and a != "/"]
        aliases = [a for a in aliases if self.taken_urls.setdefault(a, item.post_id) == item.post_id]
        if aliases:
            front["aliases"] = aliases
        self._joined(f"page {item.post_id}", item, body.pages, aliases)
        for note in body.notes:
            self.report.skip(f"page {item.post_id}", note)
        if any(c.approved == "1" for c in item.comments):
            self.report.skip(f"page {item.post_id}", "comments on a page are not kept (kabar keeps articles' only)")
        self.referenced.update(body.uploads)
        self.page_addresses[item.post_id] = address
        self.report.count("pages")
        return Document(path=f"pages/{address}.md", front=front, body=body.html)

    def _ancestors(self, item: Item, pages: dict[str, Item]) -> list[str]:
        found: list[str] = []
        parent = pages.get(item.post_parent)
        seen = {item.post_id}
        while parent is not None and parent.post_id not in seen:
            seen.add(parent.post_id)
            found.insert(0, urls.slugify(unquote(parent.post_name)) or f"page-{parent.post_id}")
            parent = pages.get(parent.post_parent)
        return found

    def _rewrite_links(self, live: set[str]) -> None:
        """Links in the bodies to a post or page at its old address lead to its new URL, if the new site publishes
        it (LIVE: post ids): /?p=ID and old permalinks would otherwise depend on a redirect, or on none."""
        new_urls = {post_id: url for post_id, url in self.article_urls.items() if post_id in live}
        new_urls.update(
            {post_id: f"/{address}/" for post_id, address in self.page_addresses.items() if post_id in live}
        )
        for document in self.imported.documents:
            document.body, count = rewrite_links(document.body, self.taken_urls, new_urls)
            if count:
                self.report.count("links to old addresses rewritten", count)

    # ------------------------------------------------------------------ kabar.yml

    def _settings(self, zone: str, pattern: str, menu_entries: list[Item]) -> dict[str, Any]:
        channel = self.channel
        settings: dict[str, Any] = {"title": plain_text(channel.title) or "Kabar"}
        if plain_text(channel.description):
            settings["tagline"] = plain_text(channel.description)
        if self.home.startswith(("http://", "https://")):
            settings["base_url"] = self.home
        if channel.language:
            settings["lang"] = channel.language.split("-")[0].lower()
        settings["timezone"] = zone
        if pattern != DEFAULT_ARTICLE:
            settings["permalinks"] = {"article": pattern}
        redirects = self._redirects()
        if redirects:
            settings["redirects"] = redirects
        menus = build_menus(channel.menus, menu_entries, self._targets(), notes := [])
        for note in notes:
            self.report.skip("menus", note)
        if menus:
            settings["menus"] = menus
        described = self._category_descriptions()
        if described:
            settings["categories"] = described
        return settings

    def _category_descriptions(self) -> dict[str, dict[str, str]]:
        """The descriptions WordPress shows on category pages, of the categories the new site's stories are in."""
        used = {document.front["category"] for document in self._published()}
        described: dict[str, dict[str, str]] = {}
        for term in self.channel.categories.values():
            text = plain_text(term.description)
            if term.name in used and text and term.name not in described:
                described[term.name] = {"description": text}
        return described

    def _published(self) -> list[Document]:
        return [d for d in self.imported.documents if d.path.startswith("content/") and not d.front.get("draft")]

    def _redirects(self) -> dict[str, str]:
        """Old category, tag and author pages, their later pages and feeds, and the site's feeds -> the new ones,
        for what the new site has (its published, not scheduled, articles)."""
        published = [d for d in self._published() if str(d.front["id"]) not in self.scheduled]
        categories = Counter(urls.slugify(d.front["category"]) for d in published)
        tags = Counter(slug for d in published for slug in {urls.slugify(t) for t in d.front.get("tags", [])})
        authors = Counter(urls.slugify(d.front["author"]) for d in published if d.front.get("author"))
        own = {urls.category_url(s) for s in categories} | {urls.tag_url(s) for s in tags}
        own |= {urls.author_url(s) for s in authors}  # kabar's listings: no old address may stand there
        old_categories, old_tags, old_authors = self._old_listings()
        found: dict[str, str] = dict.fromkeys(SITE_FEEDS, MAIN_FEED)
        main_feed_for = ["comments"]  # the kinds whose old feeds lead to the site's, for the report

        def listing(old: str, new: str, feed: str, stories: tuple[int, int], kind: str) -> None:
            found[f"{old}feed/"] = feed
            if feed == MAIN_FEED and kind not in main_feed_for:
                main_feed_for.append(kind)
            if old not in own:
                found[old] = new
                found.update(later_pages(old, new, *stories, WORDPRESS_PER_PAGE))

        for term in self.channel.categories.values():
            slug = urls.slugify(term.name)
            parents = self._category_path(term)
            if slug in categories:
                new, feed, kind = urls.category_url(slug), urls.feed_url(urls.category_url(slug)), "categories"
            elif slug in tags:
                new, feed, kind = urls.tag_url(slug), MAIN_FEED, "categories that became tags"
            else:
                continue
            stories = (old_categories[term.slug], categories[slug] if slug in categories else tags[slug])
            listing(f"/category/{'/'.join([*parents, term.slug])}/", new, feed, stories, kind)
            if parents:  # WordPress answers a child category at its own slug too (its feed, its later pages)
                own_slug = f"/category/{term.slug}/"
                found.setdefault(own_slug, new)
                found.setdefault(f"{own_slug}feed/", feed)
                for old, page in later_pages(own_slug, new, *stories, WORDPRESS_PER_PAGE).items():
                    found.setdefault(old, page)
            if term.term_id:  # and any category at its plain address, by its id
                found.setdefault(f"/?cat={term.term_id}", new)
        for term in self.channel.tags.values():
            slug = urls.slugify(term.name)
            if slug in tags:
                listing(f"/tag/{term.slug}/", urls.tag_url(slug), MAIN_FEED, (old_tags[term.slug], tags[slug]), "tags")
                found.setdefault(f"/?tag={term.slug}", urls.tag_url(slug))  # its plain address, by its slug
        for login, name in self.channel.authors.items():
            slug = urls.slugify(name)
            if slug in authors:
                stories = (old_authors[login], authors[slug])
                listing(f"/author/{_nicename(login)}/", urls.author_url(slug), MAIN_FEED, stories, "authors")
                if self.channel.author_ids.get(login):  # and at its plain address, by the author's id
                    found.setdefault(f"/?author={self.channel.author_ids[login]}", urls.author_url(slug))
        post_feeds = []  # each story's comments feed: reported, not redirected (see _report_listings)
        for document in published:  # the archives widget's plain addresses, which WordPress answers however it links
            day = document.front["date"].date()
            found.setdefault(f"/?m={day:%Y}", urls.year_url(day))
            found.setdefault(f"/?m={day:%Y%m}", urls.month_url(day))
            if str(document.front["id"]) in self.comment_feeds:
                post_feeds.append(self.comment_feeds[str(document.front["id"])])
        taken = set(self.taken_urls)
        kept = {old: new for old, new in sorted(found.items()) if old != new and old not in taken}
        self.report.count("redirects", len(kept))
        if published:
            most = max([*old_categories.values(), *old_tags.values(), *old_authors.values(), 0])
            self._report_listings(main_feed_for, most, post_feeds)
        return kept

    def _old_listings(self) -> tuple[Counter[str], Counter[str], Counter[str]]:
        """How many published posts the old site listed on each category's page (its children's too, as WordPress
        lists them), each tag's and each author's (by login)."""
        in_category: Counter[str] = Counter()
        with_tag: Counter[str] = Counter()
        by_author: Counter[str] = Counter()
        for item in self.old_posts:
            if item.status != "publish":
                continue
            shown_in, tagged = set(), set()
            for domain, nicename, _ in item.terms:
                term = self.channel.categories.get(nicename)
                if domain == "category":
                    shown_in.update([nicename, *(self._category_path(term) if term else [])])
                elif domain == "post_tag":
                    tagged.add(nicename)
            in_category.update(shown_in)
            with_tag.update(tagged)
            by_author[item.creator] += 1
        return in_category, with_tag, by_author

    def _report_listings(self, main_feed_for: list[str], most_stories: int, post_feeds: list[str]) -> None:
        """What the old feeds and listing pages' redirects cannot keep (POST_FEEDS: the stories' comments feeds)."""
        self.report.skip(
            "feeds",
            f"kabar has feeds for the site and each category only: the old feeds of {_listed(main_feed_for)}"
            f" (/comments/feed/, /tag/NAME/feed/...) lead to the site's feed, {MAIN_FEED}",
        )
        if post_feeds:  # a copy of the site's feed for each: at 5,000 stories, twice the site's size and build time
            self.report.skip(
                "feeds",
                f"each story's comments feed ({post_feeds[0]}{', ...' if len(post_feeds) > 1 else ''}) is not"
                f" redirected: on a host without redirects, each of the {len(post_feeds)} would be a copy of the"
                " site's feed, written again at each build",
            )
        self.report.skip(
            "date archives",
            "the old year and month archives' plain addresses (/?m=2024, /?m=202403) lead to the new archives; a"
            " day's (/?m=20240305, the calendar widget's) does not: kabar.yml would list every day",
        )
        if most_stories > 1:
            self.report.skip(
                "listings",
                "the old category, tag and author pages after the first (/category/NAME/page/2/...) lead to the same"
                " page of the new listing, or to its first, counted at WordPress's default of"
                f" {WORDPRESS_PER_PAGE} posts a page (the export does not say the old site's): with fewer a page,"
                " the old site's last pages are not redirected",
            )

    def _category_path(self, term: Any) -> list[str]:
        found: list[str] = []
        parent = self.channel.categories.get(term.parent)
        while parent is not None and parent.slug not in found and len(found) < 16:
            found.insert(0, parent.slug)
            parent = self.channel.categories.get(parent.parent)
        return found

    def _targets(self) -> Targets:
        published = self._published()
        kabar_categories = {d.front["category"] for d in published}
        kabar_tags = {t for d in published for t in d.front.get("tags", [])}
        targets = Targets(pages=dict(self.page_addresses), site_path=lambda url: site_address(url, self.library))
        for term in [*self.channel.categories.values(), *self.channel.tags.values()]:
            targets.titles[term.term_id] = term.name
            if term.name in kabar_categories and term in self.channel.categories.values():
                targets.categories[term.term_id] = term.name
            elif term.name in kabar_tags:
                targets.tag_urls[term.term_id] = urls.tag_url(urls.slugify(term.name))
        for document in published:
            post_id = str(document.front["id"])
            url = self.article_urls.get(post_id)
            if url:
                targets.posts[post_id] = url
                targets.titles[post_id] = document.front["title"]
        return targets

    # ------------------------------------------------------------------ uploads

    def _copy_uploads(self) -> None:
        """Copy what the posts show or link to and every attachment from --uploads, with the resized copies of each
        image (see wpuploads.py)."""
        listed: dict[str, tuple[str, ...]] = {}  # an attachment's file -> the copies its metadata lists
        for attachment in self.library.attachments.values():
            for path in _upload_paths(site_path(attachment.url, self.library)):
                self.referenced.add(path)
                listed[path] = attachment.resized
        copied = uploads_to_copy(self.referenced, listed, self.uploads, f"static/{UPLOADS}", self.report)
        for relative, source in copied.items():
            self.imported.files[f"static/{UPLOADS}/{relative}"] = source


def _later_pages(path: str, pages: int) -> list[str]:
    """The old addresses of pages 2... of a post that <!--nextpage--> split into PAGES, after its first page's PATH,
    as WordPress made its page links (_wp_link_page): /x/2/ after /x/, /x.html/2 after /x.html, /?p=1&page=2 after
    /?p=1 (plain permalinks)."""
    if "?" in path:
        return [f"{path}&page={number}" for number in range(2, pages + 1)]
    slash = "/" if path.endswith("/") else ""
    return [f"{path.rstrip('/')}/{number}{slash}" for number in range(2, pages + 1)]


def _comments_feed(path: str, post_id: str) -> str:
    """The old address of the comments feed of the post at PATH, as WordPress linked it from the post's page
    (get_post_comments_feed_link): /x/feed/ after /x/, /x.html/feed after /x.html, /?feed=rss2&p=1 (plain)."""
    if "?" in path:
        return f"/?feed=rss2&p={post_id}"
    return f"{path.rstrip('/')}/feed" + ("/" if path.endswith("/") else "")


def _upload_paths(url: str) -> list[str]:
    marker = f"/{UPLOADS}/"
    return [unquote(url.split(marker, 1)[1].split("?")[0].split("#")[0])] if url.startswith(marker) else []


def _local(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _offset(item: Item) -> int | None:
    """Minutes east of UTC of ITEM's date, from its local and GMT dates; None when it has no GMT date (drafts)."""
    local, gmt = _local(item.post_date), _local(item.post_date_gmt)
    if local is None or gmt is None or item.post_date_gmt == NO_DATE:
        return None
    return round((local - gmt).total_seconds() / 900) * 15


def _dated(post: Post, zone: str) -> dt.datetime:
    """The date to write: naive (in the site's zone) when the zone gives the post's offset, else with it."""
    if post.offset is None:
        return post.when
    aware = post.when.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    if aware.utcoffset() == dt.timedelta(minutes=post.offset):
        return post.when
    return post.when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=post.offset)))


def _comment_date(local: str, gmt: str, zone: str) -> dt.datetime | str:
    when = _local(local)
    if when is None:
        return local
    universal = _local(gmt)
    if universal is None or gmt == NO_DATE:
        return when.replace(tzinfo=zoneinfo.ZoneInfo(zone)).replace(microsecond=0)
    offset = round((when - universal).total_seconds() / 900) * 15
    return when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset)))


def _parents_first(comments: list[Comment]) -> list[tuple[Comment, str | None]]:
    """COMMENTS oldest first, but a reply dated before the comment it answers (a clock change, an edited date) right
    after that one, as kabar wants a parent before its replies; each with the parent it keeps: None when it answers
    none, one not among COMMENTS (deleted, spam) or one in a loop of replies (never in a sound export)."""
    by_date = sorted(comments, key=lambda c: (c.date, int(c.comment_id or 0)))
    ids = {c.comment_id for c in comments}
    waiting: dict[str, list[Comment]] = {}  # a comment's id -> its replies dated before it
    placed: list[tuple[Comment, str | None]] = []
    done: set[str] = set()

    def place(first: Comment, parent: str | None) -> None:
        stack = [(first, parent)]
        while stack:
            comment, parent = stack.pop()
            if comment.comment_id not in done:
                placed.append((comment, parent))
                done.add(comment.comment_id)
                replies = waiting.pop(comment.comment_id, [])
                stack.extend((reply, comment.comment_id) for reply in reversed(replies))

    for comment in by_date:
        parent = comment.parent if comment.parent in ids and comment.parent != comment.comment_id else None
        if parent is None or parent in done:
            place(comment, parent)
        else:
            waiting.setdefault(parent, []).append(comment)
    for comment in by_date:  # still waiting: a loop; its oldest comment starts the thread
        if comment.comment_id not in done:
            place(comment, None)
    return placed


def _listed(names: list[str]) -> str:
    """NAMES as a phrase: a; a and b; a, b and c."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _nicename(login: str) -> str:
    """WordPress's user_nicename from a login (sanitize_title of it): what /author/NAME/ showed."""
    return re.sub(r"[^a-z0-9_-]+", "-", html.unescape(login).lower()).strip("-")
