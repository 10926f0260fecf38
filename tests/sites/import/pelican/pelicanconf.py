import os

AUTHOR = "Redaksi"
SITENAME = "Kabar Pelican"
SITESUBTITLE = "Berita dari Pelican"
SITEURL = "https://pelican.example"
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}.html"
STATIC_PATHS = ["images"]
THEME = os.system("touch /tmp/kabar-pelican-ran")
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": True},
    },
    "output_format": "html5",
}
