"""Serve the package with the site, so that a downloaded example runs on a reader's machine.

mlequations is not on PyPI. An HTML build therefore builds the package's pure-Python wheel from the working tree
(offline: ``pip wheel --no-deps --no-build-isolation --no-index`` with the pinned setuptools) and publishes it in
``_downloads/`` beside a ``.sha256`` file in the format of ``sha256sum``.

One install line says how to get it. Where the site has a published address (``html_baseurl``) the line installs
the wheel from there; a local build has no address, so the line installs the downloaded file. The same line is

- written by the ``mlequations-install`` directive (the home page and the gallery index), with a link to the
  wheel, its size and its SHA-256;
- the first cell of every downloaded notebook (sphinx-gallery's ``first_notebook_cell``, set here).

Also here: ``cite-this-guide``, the home page's citation generated from ``CITATION.cff``, and the footer's
package version and build date (``SOURCE_DATE_EPOCH`` when it is set, so that a rebuild can reproduce it).
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import yaml
from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

import mlequations

ROOT = Path(__file__).resolve().parents[2]
CITATION = ROOT / "CITATION.cff"
DOWNLOADS = "_downloads"  # the wheel's folder in the built site, beside the examples' downloads
# What the wheel is built from: a clean copy of these, so that nothing stale in the tree can slip into it.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src")
# sphinx-gallery fills its configuration at config-inited with priority 10 and writes the gallery at
# builder-inited with priority 500.
BEFORE_SPHINX_GALLERY = 5
BEFORE_GALLERY_IS_WRITTEN = 400


class Wheel(NamedTuple):
    name: str
    size: int
    sha256: str


def wheel_name(version=mlequations.__version__):
    return f"mlequations-{version}-py3-none-any.whl"


def install_command(baseurl, version=mlequations.__version__):
    """The one install line: from the published address when there is one, else from the downloaded file."""
    if baseurl:
        return f"pip install {baseurl.rstrip('/')}/{DOWNLOADS}/{wheel_name(version)}"
    return f"pip install {wheel_name(version)}"


def first_notebook_cell(baseurl, version=mlequations.__version__):
    where = ("" if baseurl else
             "# Download the wheel from the home page of the guide, then, in the folder you saved it to, run\n")
    return (
        "# This notebook needs the mlequations package, which the guide serves as a wheel (NumPy is its only\n"
        "# dependency); the introduction below lists what else the example needs.\n"
        f"{where}"
        f"#     {install_command(baseurl, version)}\n"
        "import mlequations"
    )


def build_wheel(destination):
    """Build the wheel into `destination` from a clean copy of the sources; return its path."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mlequations-wheel-") as tmp:
        for name in WHEEL_SOURCES:
            source, copy = ROOT / name, Path(tmp) / name
            if source.is_dir():
                shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
            else:
                shutil.copy2(source, copy)
        out = Path(tmp) / "dist"
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                   "--disable-pip-version-check", "--quiet", "--wheel-dir", str(out), tmp]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise ExtensionError(f"building the mlequations wheel failed:\n{result.stdout}{result.stderr}")
        (built,) = out.glob("*.whl")
        if built.name != wheel_name():
            raise ExtensionError(f"the wheel is named {built.name}, not {wheel_name()}")
        target = destination / built.name
        shutil.copyfile(built, target)
    return target


def publish_wheel(app):
    """Build the wheel into the HTML output with its checksum file, and remember its name, size and hash."""
    if app.builder.format != "html":
        return
    path = build_wheel(Path(app.outdir) / DOWNLOADS)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    # The format of `sha256sum`, so that `sha256sum -c` checks a downloaded wheel.
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    app.env.mlequations_wheel = Wheel(path.name, path.stat().st_size, digest)


def set_first_notebook_cell(app, config):
    config.sphinx_gallery_conf["first_notebook_cell"] = first_notebook_cell(config.html_baseurl)


def refresh_notebooks(app):
    """Give every generated notebook the current first cell.

    sphinx-gallery writes a notebook, and the zip of its example, only when the script changes, so a new address
    or version would otherwise leave the install line of older notebooks behind. This runs before sphinx-gallery
    zips all the notebooks together.
    """
    cell = app.config.sphinx_gallery_conf["first_notebook_cell"].strip()
    for gallery_dir in app.config.sphinx_gallery_conf["gallery_dirs"]:
        for path in sorted((Path(app.srcdir) / gallery_dir).rglob("*.ipynb")):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            first = notebook["cells"][0]
            if first["cell_type"] == "code" and first["source"] != [cell]:
                first["source"] = [cell]
                with open(path, "w") as out:  # as sphinx-gallery writes it
                    json.dump(notebook, out, indent=2)
                if path.with_suffix(".zip").exists():
                    _replace_in_zip(path.with_suffix(".zip"), path.name, path.read_bytes())


def _replace_in_zip(archive_path, member, data):
    with zipfile.ZipFile(archive_path) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(archive_path, "w") as archive:
        for info, content in items:
            archive.writestr(info, data if info.filename == member else content)


class InstallLine(SphinxDirective):
    """The install line, with a link to the wheel, its size and SHA-256 (filled in when the page is written)."""

    has_content = False

    def run(self):
        self.env.mlequations_install_docs = getattr(self.env, "mlequations_install_docs", set()) | {self.env.docname}
        command = install_command(self.config.html_baseurl)
        where = ("Install it into a virtual environment (Python 3.11 or newer) with" if self.config.html_baseurl else
                 "This copy of the site has no published address: download the wheel, then, in the folder you "
                 "saved it to, run")
        intro = nodes.paragraph(text=f"mlequations is not on PyPI: this site serves it as a wheel, pure Python "
                                     f"with NumPy its only dependency. {where}")
        block = nodes.literal_block(command, command, language="sh", classes=["mlequations-install"])
        return [intro, block, nodes.paragraph("", "", WheelDetails())]


class WheelDetails(nodes.General, nodes.Inline, nodes.Element):
    """Placeholder for the wheel's link, size and hash, which exist only in an HTML build."""


def fill_wheel_details(app, doctree, docname):
    wheel = getattr(app.env, "mlequations_wheel", None)
    for node in list(doctree.findall(WheelDetails)):
        if wheel is None:
            node.replace_self(nodes.Text(f"The wheel: {wheel_name()}."))
            continue
        base = app.builder.get_target_uri(docname)
        link = nodes.reference("", "", nodes.literal(text=wheel.name),
                               refuri=relative_uri(base, f"{DOWNLOADS}/{wheel.name}"))
        checksum = nodes.reference(text="checksum file", refuri=relative_uri(base, f"{DOWNLOADS}/{wheel.name}.sha256"))
        node.replace_self([nodes.Text("The wheel: "), link, nodes.Text(f" ({wheel.size / 1000:.0f} kB), SHA-256 "),
                           nodes.literal(text=wheel.sha256, classes=["mlequations-sha256"]),
                           nodes.Text(" ("), checksum, nodes.Text(").")])


def reread_install_pages(app, env, added, changed, removed):
    """The wheel changes whenever the package does, so the pages that describe it are read again every build."""
    return sorted(getattr(env, "mlequations_install_docs", set()) - set(removed))


def purge_install_doc(app, env, docname):
    getattr(env, "mlequations_install_docs", set()).discard(docname)


def merge_install_docs(app, env, docnames, other):
    env.mlequations_install_docs = (getattr(env, "mlequations_install_docs", set())
                                    | getattr(other, "mlequations_install_docs", set()))


def load_citation(path=CITATION):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _author(person):
    if "name" in person:  # an entity, such as a team
        return person["name"]
    return f"{person['family-names']}, {person['given-names']}"


def citation_text(cff, *, url="", year=None):
    """A plain reference and a BibTeX entry made from the fields of CITATION.cff.

    The year is the release's, or the build's while the version is unreleased; the address is the file's `url`,
    or the site's published address.
    """
    authors = "; ".join(_author(person) for person in cff["authors"])
    year = str(cff["date-released"])[:4] if "date-released" in cff else year or build_date()[:4]
    url = cff.get("url") or url
    plain = f"{authors} ({year}). {cff['title']} (version {cff['version']}) [Computer software]."
    if url:
        plain += f" {url}"
    fields = {"author": " and ".join("{" + _author(person) + "}" for person in cff["authors"]),
              "title": "{" + cff["title"] + "}", "year": year, "version": cff["version"],
              "license": cff.get("license"), "url": url}
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    bibtex = f"@software{{mlequations,\n{body}\n}}"
    return plain, bibtex


class CiteThisGuide(SphinxDirective):
    has_content = False

    def run(self):
        self.env.note_dependency(str(CITATION))
        plain, bibtex = citation_text(load_citation(), url=self.config.html_baseurl)
        return [nodes.paragraph(text=plain), nodes.literal_block(bibtex, bibtex, language="bibtex")]


def build_date():
    """The build's date (UTC): SOURCE_DATE_EPOCH when it is set, as reproducible builds ask, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.date().isoformat()


def footer_context(app, config):
    """The footer's version and date, in html_context, so that a new date or version rewrites every page."""
    config.html_context = {**config.html_context, "mlequations_version": mlequations.__version__,
                           "mlequations_build_date": build_date()}


def setup(app):
    app.connect("config-inited", set_first_notebook_cell, priority=BEFORE_SPHINX_GALLERY)
    app.connect("builder-inited", publish_wheel)
    app.connect("config-inited", footer_context)
    app.connect("builder-inited", refresh_notebooks, priority=BEFORE_GALLERY_IS_WRITTEN)
    app.connect("env-get-outdated", reread_install_pages)
    app.connect("env-purge-doc", purge_install_doc)
    app.connect("env-merge-info", merge_install_docs)
    app.connect("doctree-resolved", fill_wheel_details)
    app.add_node(WheelDetails)
    app.add_directive("mlequations-install", InstallLine)
    app.add_directive("cite-this-guide", CiteThisGuide)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
