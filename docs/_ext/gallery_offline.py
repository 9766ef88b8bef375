"""Keep sphinx-gallery's execution-time pages offline.

sphinx-gallery writes each ``sg_execution_times.rst`` with a raw HTML block that loads jQuery, DataTables and
Bootstrap from CDNs, only to make the table sortable. This site loads nothing from outside, so the raw block is
dropped when the page is read; the table of times itself stays.
"""

import re

# The raw block runs from its directive to the list-table that follows it, indented inside a container.
RAW_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. raw:: html\n.*?(?=^(?P=indent)\.\. list-table::)",
                       re.MULTILINE | re.DOTALL)


def drop_remote_scripts(app, docname, source):
    if docname.rpartition("/")[2] == "sg_execution_times":
        source[0] = RAW_BLOCK.sub("", source[0])


def setup(app):
    app.connect("source-read", drop_remote_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
