"""Keep sphinx-gallery's execution-time pages offline.

sphinx-gallery writes each ``sg_execution_times.rst`` with a raw HTML block that loads jQuery, DataTables and
Bootstrap from CDNs, only to make the table sortable. This site loads nothing from outside, so the raw block is
cut out of those generated files as soon as sphinx-gallery has written them, before Sphinx reads any page; the
table of times itself stays.
"""

import re
from pathlib import Path

# The raw block runs from its directive to the list-table that follows it, indented inside a container.
RAW_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. raw:: html\n.*?(?=^(?P=indent)\.\. list-table::)",
                       re.MULTILINE | re.DOTALL)

# sphinx-gallery generates the gallery at builder-inited with the default priority, 500: run after it.
AFTER_SPHINX_GALLERY = 600


def strip_remote_scripts(app):
    for path in Path(app.srcdir).rglob("sg_execution_times.rst"):
        text = path.read_text(encoding="utf-8")
        offline = RAW_BLOCK.sub("", text)
        if offline != text:
            path.write_text(offline, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", strip_remote_scripts, priority=AFTER_SPHINX_GALLERY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
