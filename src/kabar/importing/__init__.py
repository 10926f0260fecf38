"""`kabar import`: bring another system's site over as a kabar site.

A reader per source kind (wordpress.py, jekyll.py, ...) turns the source into an `Imported` (model.py), touching
nothing on disk; write.py then writes it, all or nothing. Importing is a command that writes a site, never a stage
of the build: nothing in the build imports this package.
"""
