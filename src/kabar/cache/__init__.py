"""What one build keeps in .kabar-cache/ under the site root for the next: a stamped store (store.py), the parsed
articles (articles.py) and how an Article is packed for it (codec.py). The build state is kabar.state's.

The folder may come from elsewhere (a CI cache that others can write to), so it is read as data only:
MessagePack decoded by msgspec into declared types, which cannot make any other object or run code whatever
the bytes. A file that is missing, stale, corrupt or crafted is ignored, never trusted, and deleting the
folder is always safe.
"""
