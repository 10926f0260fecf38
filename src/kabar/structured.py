"""Part of render: schema.org structured data (JSON-LD) for search engines and news aggregators.

Templates get a `schema` global: `schema.article(article, crumbs)` for a story
(NewsArticle and its BreadcrumbList), `schema.front_page()` for the front page
(WebSite and Organization), `schema.collection(...)` for every other listing
(CollectionPage with its breadcrumbs and the stories on it), `schema.web_page(page,
crumbs)` for a page that is not a story (WebPage, AboutPage...). Each returns a
plain dict for the template to write with `|tojson`, which escapes <, > and &,
so no title can close the <script> block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from . import profiles, urls
from .models import Article, Config, Listing, SitePage
from .pictures import Picture

CONTEXT = "https://schema.org"
SEARCH_URL = urls.SEARCH_URL

# The schema.org types of the pages a news site usually has, by the last segment of their address; others are WebPage.
PAGE_TYPES = {
    **dict.fromkeys(("tentang", "tentang-kami", "about", "about-us"), "AboutPage"),
    **dict.fromkeys(("kontak", "hubungi-kami", "contact", "contact-us"), "ContactPage"),
}

Crumbs = Sequence[tuple[str, str]]  # (name, site URL) from the front page down to the page itself


class Schema:
    def __init__(self, config: Config, pictures: Mapping[str, Picture] = MappingProxyType({})) -> None:
        """PICTURES: each article image's variants, by its URL (see variants.py)."""
        self.config, self.pictures = config, pictures
        self.profiles = profiles.authors_by_url(config)

    def absolute(self, url: str) -> str:
        return urls.absolute(self.config.base_url, url) if url.startswith("/") else url

    def article(self, article: Article, crumbs: Crumbs = ()) -> dict[str, Any]:
        """schema.org NewsArticle (AdvertiserContentArticle for a sponsored one), with the site as its publisher, and
        the page's breadcrumbs."""
        page = self.absolute(article.url)
        data: dict[str, Any] = {
            "@type": "AdvertiserContentArticle" if article.sponsored else "NewsArticle",
            "@id": page + "#article",
            "headline": article.title,
            "description": article.summary,
            "url": page,
            "mainEntityOfPage": {"@type": "WebPage", "@id": page},
            "datePublished": article.date.isoformat(),
            "dateModified": article.modified.isoformat(),
            "inLanguage": self.config.lang,
            "articleSection": article.category.name,
            "wordCount": article.words,
            "publisher": self.organization(),
        }
        if article.authors:
            # Name and page: the page says the rest (schema.org ProfilePage), which each story need not repeat.
            data["author"] = [{"@type": "Person", "name": a.name, "url": self.absolute(a.url)} for a in article.authors]
        else:  # unsigned: the newsroom's story (Google asks a NewsArticle for its author)
            data["author"] = [{"@type": "Organization", "name": self.config.title, "url": self.absolute("/")}]
        if article.editors:  # names only: an editor has a page of their own only if they also write
            data["editor"] = [{"@type": "Person", "name": name} for name in article.editors]
        if article.image:
            data["image"] = self._images(article)
        if article.location:  # the dateline: where the story was filed from
            data["locationCreated"] = {"@type": "Place", "name": article.location}
        if article.tags:
            data["keywords"] = [t.name for t in article.tags]
        if article.corrections:
            data["correction"] = [
                {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()}
                for c in article.corrections
            ]
        if article.comments and self.config.comments.imported:
            data["commentCount"] = len(article.comments)
        return self._graph(data, self._breadcrumbs(crumbs, page))

    def web_page(self, page: SitePage, crumbs: Crumbs = ()) -> dict[str, Any]:
        """schema.org WebPage for a page that is not a story; AboutPage or ContactPage for the pages that
        usually are (by the last segment of their address: tentang-kami, kontak)."""
        url = self.absolute(page.url)
        data: dict[str, Any] = {
            "@type": PAGE_TYPES.get(page.url.strip("/").rsplit("/", 1)[-1], "WebPage"),
            "@id": url,
            "url": url,
            "name": page.title,
            "inLanguage": self.config.lang,
            "isPartOf": {"@type": "WebSite", "@id": self.absolute("/") + "#website", "name": self.config.title},
        }
        if page.summary:
            data["description"] = page.summary
        if page.updated:
            data["dateModified"] = page.updated.isoformat()
        return self._graph(data, self._breadcrumbs(crumbs, url))

    def _images(self, article: Article) -> list[dict[str, Any]]:
        """ARTICLE's image as ImageObjects: its largest variant and its 1200x630 crop, else the file as it is."""
        assert article.image
        picture = self.pictures.get(article.image)
        shown = [picture.largest, picture.share] if picture else [None]
        images = []
        for variant in shown:
            url = self.absolute(variant.url if variant else article.image)
            image: dict[str, Any] = {"@type": "ImageObject", "url": url}
            size = (variant.width, variant.height) if variant else article.image_size
            if size:
                image["width"], image["height"] = size
            if not images:  # the photo's caption and credit, once: the crop that follows is of it
                if article.image_caption or article.image_alt:
                    image["caption"] = article.image_caption or article.image_alt
                if article.image_credit:
                    image["creditText"] = article.image_credit
            images.append(image)
        return images

    def front_page(self) -> dict[str, Any]:
        """schema.org WebSite (with a SearchAction when the site has search) and Organization."""
        home = self.absolute("/")
        website: dict[str, Any] = {
            "@type": "WebSite",
            "@id": home + "#website",
            "url": home,
            "name": self.config.title,
            "inLanguage": self.config.lang,
            "publisher": {"@id": home + "#organization"},
        }
        if self.config.tagline:
            website["description"] = self.config.tagline
        if self.config.search:
            website["potentialAction"] = {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": self.absolute(SEARCH_URL) + "?q={search_term_string}"},
                "query-input": "required name=search_term_string",
            }
        return self._graph(website, self.organization(with_id=True))

    def collection(
        self,
        url: str,
        name: str,
        articles: Iterable[Article | Listing] = (),
        crumbs: Crumbs = (),
        description: str = "",
    ) -> dict[str, Any]:
        """schema.org CollectionPage: a category, tag, author or date archive page, with the stories it lists (or the
        page of all categories, tags or authors, with their listings)."""
        page = self.absolute(url)
        data = self._listing_page("CollectionPage", page, name)
        if description:
            data["description"] = description
        items = [
            {"@type": "ListItem", "position": n, "url": self.absolute(a.url)} for n, a in enumerate(articles, start=1)
        ]
        if items:
            data["mainEntity"] = {"@type": "ItemList", "itemListElement": items}
        return self._graph(data, self._breadcrumbs(crumbs, page))

    def profile_page(self, url: str, name: str, crumbs: Crumbs = ()) -> dict[str, Any]:
        """schema.org ProfilePage: the page of an author kabar.yml has a profile of, about that Person."""
        page = self.absolute(url)
        data = {**self._listing_page("ProfilePage", page, name), "mainEntity": self._person(name, url)}
        return self._graph(data, self._breadcrumbs(crumbs, page))

    def _listing_page(self, kind: str, page: str, name: str) -> dict[str, Any]:
        """What the page of a listing (KIND: its schema.org type) at the absolute URL PAGE says of itself."""
        return {
            "@type": kind,
            "@id": page,
            "url": page,
            "name": name,
            "inLanguage": self.config.lang,
            "isPartOf": {"@type": "WebSite", "@id": self.absolute("/") + "#website", "name": self.config.title},
        }

    def _person(self, name: str, url: str) -> dict[str, Any]:
        """An author as a schema.org Person, with what kabar.yml's profile of them says."""
        person: dict[str, Any] = {"@type": "Person", "name": name, "url": self.absolute(url)}
        profile = self.profiles.get(url)
        if profile is not None:
            if profile.role:
                person["jobTitle"] = profile.role
            if profile.bio:
                person["description"] = profile.bio
            if profile.photo:
                person["image"] = self.absolute(profile.photo)
            if profile.links:
                person["sameAs"] = list(profile.links)
        return person

    def organization(self, with_id: bool = False) -> dict[str, Any]:
        home = self.absolute("/")
        data: dict[str, Any] = {"@type": "Organization", "name": self.config.title, "url": home}
        if with_id:
            data = {"@id": home + "#organization", **data}
        if self.config.logo:
            data["logo"] = {"@type": "ImageObject", "url": self.absolute(self.config.logo)}
        return data

    def _breadcrumbs(self, crumbs: Crumbs, page: str) -> dict[str, Any] | None:
        if not crumbs:
            return None
        return {
            "@type": "BreadcrumbList",
            "@id": page + "#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": self.absolute(url)}
                for n, (name, url) in enumerate(crumbs, start=1)
            ],
        }

    @staticmethod
    def _graph(*nodes: dict[str, Any] | None) -> dict[str, Any]:
        return {"@context": CONTEXT, "@graph": [node for node in nodes if node]}
