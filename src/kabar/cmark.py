"""cmark-gfm's HTML for a Markdown text, through cmarkgfm's bindings, without leaking what cmark-gfm allocates.

cmarkgfm's own `markdown_to_html_with_extensions` frees neither the parsed document nor the HTML it copies
(theacodes/cmarkgfm#53): 33 KB a 3 KB article; each worker loading 100,000 articles grew to 1.5 GB. The same calls
are made here, and both are given back to cmark-gfm's allocator: `cmark_node_free` and the allocator itself are
exported by the library cmarkgfm ships, though not declared to its cffi module, so they are called through ctypes.
Where they cannot be found (another build of cmarkgfm), the memory is left as cmarkgfm leaves it.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable

from cmarkgfm import _cmark

_lib, _ffi = _cmark.lib, _cmark.ffi


def render_html(markdown: str, options: int, extensions: tuple[str, ...]) -> str:
    """MARKDOWN as HTML, with cmark-gfm's OPTIONS and the syntax EXTENSIONS named."""
    free_node, free = _freeing()
    parser = _lib.cmark_parser_new(options)
    try:
        for extension in _extensions(extensions):
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        data = markdown.encode("utf-8")
        _lib.cmark_parser_feed(parser, data, len(data))
        root = _lib.cmark_parser_finish(parser)  # the document is the caller's to free, not the parser's
        if root == _ffi.NULL:
            raise ValueError("cmark-gfm could not parse the text")
        try:
            raw = _lib.cmark_render_html(root, options, _lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return _ffi.string(raw).decode("utf-8")
            finally:
                free(_address(raw))
        finally:
            free_node(_address(root))
    finally:
        _lib.cmark_parser_free(parser)


@functools.cache
def _extensions(names: tuple[str, ...]) -> list:
    _lib.cmark_gfm_core_extensions_ensure_registered()
    found = []
    for name in names:
        extension = _lib.cmark_find_syntax_extension(name.encode())
        if extension == _ffi.NULL:
            raise ValueError(f"cmark-gfm has no extension {name!r}")
        found.append(extension)
    return found


class _Allocator(ctypes.Structure):  # cmark-gfm's cmark_mem
    _fields_ = [
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


@functools.cache
def _freeing() -> tuple[Callable[[int], None], Callable[[int], None]]:
    """cmark_node_free, and the free of the allocator cmark-gfm renders with (its default: the C library's)."""
    try:
        library = ctypes.CDLL(_cmark.__file__)
        free_node = library.cmark_node_free
        allocator = library.cmark_get_default_mem_allocator
    except (OSError, AttributeError, TypeError):  # not loadable, or not exported
        return _keep, _keep
    free_node.argtypes, free_node.restype = [ctypes.c_void_p], None
    allocator.argtypes, allocator.restype = [], ctypes.POINTER(_Allocator)
    return free_node, allocator().contents.free


def _address(pointer) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


def _keep(address: int) -> None:
    """What cmarkgfm does with the memory: nothing."""
