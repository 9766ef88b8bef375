"""What a reader downloads runs on the reader's machine.

Three parts:

- without a build (``make unit``): every gallery script declares what it needs besides mlequations, and the
  declaration matches its imports; CITATION.cff is valid and carries the package's version;
- on the built site (``make downloads``, after ``make html``): the wheel that the site serves is pure Python, has
  NumPy as its only dependency, holds every file of the package and matches its published SHA-256; the install
  line is the same on the home page, on the gallery index and in the first cell of every notebook;
- end to end, in the same target: a fresh virtual environment gets only the served wheel and the declared
  requirements of two examples, at the pinned versions of constraints.txt (pip takes them from its cache), then
  runs their downloaded scripts and one downloaded notebook.

Each check is also shown failing on a deliberately broken input.
"""

import ast
import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from mlequations import __version__

from .conftest import ROOT, SITE

import reader_downloads  # noqa: E402  (the Sphinx extension that builds and describes the wheel)

DOWNLOADS = SITE / "_downloads"
GALLERY = ROOT / "gallery"
SCRIPTS = sorted(GALLERY.rglob("plot_*.py"))
CONSTRAINTS = ROOT / "constraints.txt"

# Import name -> the distribution a reader installs. NumPy comes with the wheel, mlequations is the wheel.
DISTRIBUTIONS = {"matplotlib": "matplotlib", "sklearn": "scikit-learn", "scipy": "scipy", "torch": "torch"}
PROVIDED_BY_THE_WHEEL = {"mlequations", "numpy"}
REQUIREMENTS_LINE = re.compile(r"^Requirements: mlequations \(its wheel is on the guide's home page\) and "
                               r"``pip install (?P<names>[a-z0-9-]+(?: [a-z0-9-]+)*)``\.$", re.MULTILINE)

# The end-to-end examples: one needs only NumPy and Matplotlib, one needs scikit-learn; the first also runs as a
# notebook.
END_TO_END = ("plot_softmax_temperature", "plot_naive_bayes_iris")
NOTEBOOK = "plot_softmax_temperature"


@pytest.fixture(autouse=True)
def _built_site(request):
    """The tests marked `downloads` read build/html: say so plainly when it is missing."""
    if request.node.get_closest_marker("downloads") and not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make html` first (make test does).")


# -- requirements declared by each script ----------------------------------------------------------------------------

def declared_requirements(source):
    """The distributions named by the script's requirements line, in its header docstring."""
    docstring = ast.get_docstring(ast.parse(source), clean=False) or ""
    lines = REQUIREMENTS_LINE.findall(docstring)
    if len(lines) != 1:
        raise ValueError("expected one line 'Requirements: mlequations (its wheel is on the guide's home page) and "
                         f"``pip install ...``.' in the header docstring, found {len(lines)}")
    names = lines[0].split()
    if len(set(names)) != len(names):
        raise ValueError(f"a requirement is named twice: {names}")
    return set(names)


def imported_requirements(source):
    """The distributions that the script's imports need, besides the standard library and the wheel."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module.partition(".")[0])
    modules -= set(sys.stdlib_module_names) | PROVIDED_BY_THE_WHEEL
    unknown = modules - DISTRIBUTIONS.keys()
    if unknown:
        raise ValueError(f"no known distribution for the imports {sorted(unknown)}: add them to DISTRIBUTIONS")
    return {DISTRIBUTIONS[module] for module in modules}


def requirements_mismatch(source):
    """None when the declared requirements are exactly what the imports need, else what differs."""
    declared, needed = declared_requirements(source), imported_requirements(source)
    if declared == needed:
        return None
    return (f"imported but not declared: {sorted(needed - declared)}; "
            f"declared but not imported: {sorted(declared - needed)}")


def test_every_gallery_script_is_checked():
    assert len(SCRIPTS) >= 24


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_script_declares_what_its_imports_need(script):
    assert requirements_mismatch(script.read_text(encoding="utf-8")) is None


SOFTMAX_SCRIPT = GALLERY / "softmax" / "plot_softmax_temperature.py"


def test_requirements_check_fails_on_an_undeclared_import():
    broken = SOFTMAX_SCRIPT.read_text(encoding="utf-8").replace("import numpy as np\n",
                                                                "import numpy as np\nfrom scipy import special\n")
    assert requirements_mismatch(broken) == "imported but not declared: ['scipy']; declared but not imported: []"


def test_requirements_check_fails_on_a_needless_declaration():
    broken = SOFTMAX_SCRIPT.read_text(encoding="utf-8").replace("pip install matplotlib``",
                                                                "pip install matplotlib torch``")
    assert requirements_mismatch(broken) == "imported but not declared: []; declared but not imported: ['torch']"


@pytest.mark.parametrize("edit", [("Requirements: ", "Needs: "), ("``pip install matplotlib``", "matplotlib")])
def test_requirements_check_fails_without_the_line(edit):
    broken = SOFTMAX_SCRIPT.read_text(encoding="utf-8").replace(*edit)
    with pytest.raises(ValueError, match="expected one line"):
        requirements_mismatch(broken)


def test_requirements_check_fails_on_an_unknown_import():
    broken = SOFTMAX_SCRIPT.read_text(encoding="utf-8").replace("import numpy as np\n",
                                                                "import numpy as np\nimport pandas\n")
    with pytest.raises(ValueError, match=r"no known distribution for the imports \['pandas'\]"):
        requirements_mismatch(broken)


# -- CITATION.cff and the install line, without a build ---------------------------------------------------------------

def _check_cff(path):
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.citation-file-format", str(path)]
    return subprocess.run(command, capture_output=True, text=True)


def test_citation_file_is_valid_and_carries_the_package_version():
    result = _check_cff(reader_downloads.CITATION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert reader_downloads.load_citation()["version"] == __version__


def test_citation_schema_check_rejects_a_broken_file(tmp_path):
    broken = tmp_path / "CITATION.cff"
    text = reader_downloads.CITATION.read_text(encoding="utf-8")
    broken.write_text(text.replace("cff-version: 1.2.0", "cff-version: 1"))
    assert _check_cff(broken).returncode != 0


def test_citation_text_comes_from_the_file():
    cff = reader_downloads.load_citation()
    plain, bibtex = reader_downloads.citation_text(cff, url="https://example.org/guide/", year="2031")
    assert plain == (f"The mlequations developers (2031). {cff['title']} (version {__version__}) [Computer software]. "
                     "https://example.org/guide/")
    assert f"version = {{{__version__}}}" in bibtex and "url = {https://example.org/guide/}" in bibtex


def test_install_line_uses_the_published_address_or_the_downloaded_file():
    wheel = f"mlequations-{__version__}-py3-none-any.whl"
    assert reader_downloads.install_command("https://example.org/guide/") == \
        f"pip install https://example.org/guide/_downloads/{wheel}"
    assert reader_downloads.install_command("") == f"pip install {wheel}"
    assert "Download the wheel" in reader_downloads.first_notebook_cell("")
    assert "Download the wheel" not in reader_downloads.first_notebook_cell("https://example.org/guide/")


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert reader_downloads.build_date() == "2023-11-14"


# -- the built site: the wheel ----------------------------------------------------------------------------------------

WHEEL = DOWNLOADS / reader_downloads.wheel_name()


def wheel_problems(wheel, checksum_file):
    """Every way in which `wheel` is not the pure-Python wheel of this package that its checksum file names."""
    problems = []
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if checksum_file.read_text(encoding="utf-8") != f"{digest}  {wheel.name}\n":
        problems.append("the checksum file does not match the wheel")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"mlequations-{__version__}.dist-info"
        tags = Parser().parsestr(archive.read(f"{info}/WHEEL").decode())
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        record = archive.read(f"{info}/RECORD").decode().splitlines()
        for line in record:
            name, hash_, _ = line.rsplit(",", 2)
            if name not in names:
                problems.append(f"RECORD lists {name}, which the wheel lacks")
            elif hash_:
                algorithm, _, expected = hash_.partition("=")
                actual = base64.urlsafe_b64encode(hashlib.new(algorithm, archive.read(name)).digest()).rstrip(b"=")
                if actual.decode() != expected:
                    problems.append(f"RECORD's hash of {name} is wrong")
    if tags["Root-Is-Purelib"] != "true" or tags.get_all("Tag") != ["py3-none-any"]:
        problems.append(f"not pure Python: {tags.get_all('Tag')}")
    runtime = [req for req in metadata.get_all("Requires-Dist") if "extra ==" not in req]
    if runtime != ["numpy>=1.26"]:
        problems.append(f"runtime dependencies {runtime}, expected NumPy only")
    package = ROOT / "src"
    expected = {p.relative_to(package).as_posix() for p in (package / "mlequations").rglob("*")
                if p.is_file() and p.suffix in (".py", ".toml")}
    shipped = {name for name in names if name.startswith("mlequations/")}
    if shipped != expected:
        problems.append(f"files missing: {sorted(expected - shipped)}; files extra: {sorted(shipped - expected)}")
    return problems


@pytest.mark.downloads
def test_site_serves_a_pure_python_wheel_with_its_checksum():
    assert wheel_problems(WHEEL, WHEEL.with_name(WHEEL.name + ".sha256")) == []


@pytest.mark.downloads
def test_wheel_check_fails_on_a_broken_wheel(tmp_path):
    broken = tmp_path / WHEEL.name
    with zipfile.ZipFile(WHEEL) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "mlequations/softmax.py":
                continue  # a module left out
            if item.filename.endswith("/METADATA"):
                data = data.replace(b"Requires-Dist: numpy>=1.26", b"Requires-Dist: numpy>=1.26\nRequires-Dist: scipy")
            if item.filename == "mlequations/losses.py":
                data += b"\n# changed after RECORD was written\n"
            target.writestr(item, data)
    checksum = tmp_path / (WHEEL.name + ".sha256")
    shutil.copy(WHEEL.with_name(WHEEL.name + ".sha256"), checksum)
    assert wheel_problems(broken, checksum) == [
        "the checksum file does not match the wheel",
        "RECORD's hash of mlequations/losses.py is wrong",
        "RECORD lists mlequations/softmax.py, which the wheel lacks",
        f"RECORD's hash of mlequations-{__version__}.dist-info/METADATA is wrong",
        "runtime dependencies ['numpy>=1.26', 'scipy'], expected NumPy only",
        "files missing: ['mlequations/softmax.py']; files extra: []",
    ]


# -- the built site: the install line ---------------------------------------------------------------------------------

def _text(path):
    return path.read_text(encoding="utf-8")


def published_address():
    """The address the site was built for, from its canonical link; '' for a local build."""
    match = re.search(r'<link rel="canonical" href="([^"]+)index\.html"', _text(SITE / "index.html"))
    return match.group(1) if match else ""


def install_lines(page):
    """The text of every install block of an HTML page."""
    blocks = re.findall(r'<div class="mlequations-install[^"]*">.*?<pre>(.*?)</pre>',
                        _text(page), re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in blocks]


@pytest.mark.downloads
@pytest.mark.parametrize("page", ["index.html", "auto_examples/index.html"])
def test_page_shows_the_install_line_and_the_wheel(page):
    expected = reader_downloads.install_command(published_address())
    assert install_lines(SITE / page) == [expected]
    digest = hashlib.sha256(WHEEL.read_bytes()).hexdigest()
    text = _text(SITE / page)
    assert re.search(f'<code class="mlequations-sha256[^"]*"><span class="pre">{digest}</span></code>', text)
    href = re.search(r'href="([^"]*' + re.escape(WHEEL.name) + r')"', text).group(1)
    assert (SITE / page).parent.joinpath(href).resolve() == WHEEL.resolve()


def _served_notebooks():
    """Every notebook a reader can download: on its own, in its example's zip, and in the zip of all of them."""
    for path in sorted(DOWNLOADS.rglob("*.ipynb")):
        yield path.name, path.read_bytes()
    for archive_path in sorted(DOWNLOADS.rglob("*.zip")):
        with zipfile.ZipFile(archive_path) as archive:
            for member in archive.namelist():
                if member.endswith(".ipynb"):
                    yield f"{archive_path.name}:{member}", archive.read(member)


@pytest.mark.downloads
def test_every_notebook_starts_with_the_install_line():
    expected = reader_downloads.first_notebook_cell(published_address())
    notebooks = dict(_served_notebooks())
    assert len(notebooks) == 3 * len(SCRIPTS)
    for name, content in notebooks.items():
        first = json.loads(content)["cells"][0]
        assert first["cell_type"] == "code" and "".join(first["source"]) == expected, name


@pytest.mark.downloads
def test_home_page_cites_the_guide_from_citation_cff_and_the_footer_shows_version_and_date():
    text = _text(SITE / "index.html")
    plain, bibtex = reader_downloads.citation_text(reader_downloads.load_citation(), url=published_address())
    assert html.escape(plain, quote=False) in text
    assert f"version = {{{__version__}}}" in html.unescape(re.sub(r"<[^>]+>", "", text))
    footer = re.search(r'<p class="mlequations-build-info">mlequations (\S+), built on (\d{4}-\d\d-\d\d)\.</p>', text)
    assert footer and footer.group(1) == __version__


# -- end to end: a fresh virtual environment runs the downloads -------------------------------------------------------

# Replaces the GUI backend in the fresh environment: plt.show() saves every open figure as a PNG file into the
# folder MLEQUATIONS_FIGURES names, where a reader would see a window.
SAVE_ON_SHOW = '''\
import os
from pathlib import Path

from matplotlib.backend_bases import FigureManagerBase as FigureManager
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas


def show(*args, **kwargs):
    import matplotlib.pyplot as plt

    folder = Path(os.environ["MLEQUATIONS_FIGURES"])
    for number in plt.get_fignums():
        plt.figure(number).savefig(folder / f"figure_{len(list(folder.glob('*.png'))) + 1}.png")
        plt.close(number)
'''
PNG = b"\x89PNG\r\n\x1a\n"


def _download(name):
    (path,) = DOWNLOADS.glob(f"*/{name}")
    return path


def _clean_environment(**extra):
    """The test's environment without anything that would let the project's own packages leak in."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "PYTHONSTARTUP")}
    return {**env, **extra}


class FreshEnvironment:
    """A virtual environment made from the bare interpreter (no system or project site-packages)."""

    def __init__(self, folder):
        self.folder = folder
        self.python = folder / "venv" / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
        self.harness = folder / "harness"
        self.harness.mkdir()
        (self.harness / "mlequations_save_on_show.py").write_text(SAVE_ON_SHOW)

    def pip_install(self, *requirements):
        command = [str(self.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   "-c", str(CONSTRAINTS), *map(str, requirements)]
        return subprocess.run(command, capture_output=True, text=True, env=_clean_environment(), cwd=self.folder)

    def installed(self):
        command = [str(self.python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"]
        listing = subprocess.run(command, capture_output=True, text=True, check=True, env=_clean_environment())
        return {item["name"].lower(): item["version"] for item in json.loads(listing.stdout)}

    def run_script(self, script, figures):
        """Run a downloaded script as a reader would, from a folder of its own; return the process and figures."""
        figures.mkdir()
        env = _clean_environment(MPLBACKEND="module://mlequations_save_on_show", PYTHONPATH=str(self.harness),
                                 MLEQUATIONS_FIGURES=str(figures), MPLCONFIGDIR=str(self.folder / "mplconfig"))
        result = subprocess.run([str(self.python), str(script)], capture_output=True, text=True, env=env,
                                cwd=figures)
        saved = sorted(figures.glob("*.png"))
        return result, [path for path in saved if path.read_bytes().startswith(PNG)]


def _pins():
    lines = _text(CONSTRAINTS).splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, site_url):
    """A fresh environment with what the home page says to install, plus the two examples' declared requirements.

    A site built for a published address gives a URL, which is followed on the local server; a local build says
    to download the wheel, which the reader does and checks against the published SHA-256 before installing.
    """
    start = time.perf_counter()
    env = FreshEnvironment(tmp_path_factory.mktemp("reader"))
    (line,) = install_lines(SITE / "index.html")
    address = published_address()
    if address:
        line = line.replace(address, f"{site_url}/")
    else:
        wheel = urllib.request.urlopen(f"{site_url}/{reader_downloads.DOWNLOADS}/{WHEEL.name}").read()
        checksum = urllib.request.urlopen(f"{site_url}/{reader_downloads.DOWNLOADS}/{WHEEL.name}.sha256").read()
        assert checksum.decode() == f"{hashlib.sha256(wheel).hexdigest()}  {WHEEL.name}\n"
        (env.folder / WHEEL.name).write_bytes(wheel)
    program, *arguments = line.split()
    assert program == "pip" and arguments[0] == "install", line
    requirements = set()
    for name in END_TO_END:
        requirements |= declared_requirements(_text(_download(f"{name}.py")))
    result = env.pip_install(*arguments[1:], *sorted(requirements))
    assert result.returncode == 0, result.stdout + result.stderr
    env.install_seconds = time.perf_counter() - start
    return env


@pytest.mark.downloads
def test_fresh_environment_holds_the_wheel_and_pinned_requirements_only(fresh):
    installed = fresh.installed()
    pins = {name.lower(): version for name, version in _pins().items()}
    assert installed.pop("mlequations") == __version__
    for name in ("pip", "setuptools"):  # what `python -m venv` puts into every environment
        installed.pop(name, None)
    assert {"numpy", "matplotlib", "scikit-learn"} <= installed.keys()
    assert "torch" not in installed and "sphinx" not in installed and "pytest" not in installed
    assert all(pins.get(name.replace("_", "-"), pins.get(name.replace("-", "_"))) == version
               for name, version in installed.items()), installed
    print(f"fresh environment installed in {fresh.install_seconds:.1f} s: {sorted(installed)}")


@pytest.mark.downloads
def test_fresh_environment_sees_neither_the_system_nor_the_project(fresh):
    assert "include-system-site-packages = false" in (fresh.python.parents[1] / "pyvenv.cfg").read_text()
    probe = "import sys, mlequations; print(mlequations.__file__); print(sys.prefix)"
    result = subprocess.run([str(fresh.python), "-c", probe], capture_output=True, text=True, check=True,
                            env=_clean_environment(), cwd=fresh.folder)
    location, prefix = result.stdout.split()
    assert Path(prefix) == fresh.python.parents[1]
    assert Path(location).is_relative_to(fresh.python.parents[1]) and not Path(location).is_relative_to(ROOT / "src")


@pytest.mark.downloads
@pytest.mark.parametrize("name", END_TO_END)
def test_downloaded_script_runs_and_saves_its_figure(fresh, tmp_path, name):
    result, figures = fresh.run_script(_download(f"{name}.py"), tmp_path / "figures")
    assert result.returncode == 0, result.stderr
    assert len(figures) >= 1, result.stdout + result.stderr


@pytest.mark.downloads
def test_script_check_fails_on_an_import_the_environment_lacks(fresh, tmp_path):
    script = tmp_path / "plot_with_torch.py"
    source = _text(_download(f"{NOTEBOOK}.py"))
    script.write_text(source.replace("import numpy as np\n", "import numpy as np\nimport torch\n"))
    result, figures = fresh.run_script(script, tmp_path / "figures")
    assert result.returncode != 0 and "No module named 'torch'" in result.stderr and figures == []


@pytest.mark.downloads
def test_script_check_fails_on_a_script_that_shows_no_figure(fresh, tmp_path):
    script = tmp_path / "plot_nothing.py"
    script.write_text(_text(_download(f"{NOTEBOOK}.py")).replace("plt.show()", "pass"))
    result, figures = fresh.run_script(script, tmp_path / "figures")
    assert result.returncode == 0 and figures == []


@pytest.fixture(scope="module")
def kernel(fresh, tmp_path_factory):
    """A Jupyter kernel in the fresh environment: ipykernel is added only after the scripts have run without it."""
    result = fresh.pip_install("ipykernel")
    assert result.returncode == 0, result.stdout + result.stderr
    spec = tmp_path_factory.mktemp("jupyter") / "kernels" / "reader"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "a reader's fresh environment", "language": "python"}))
    return spec.parent.parent


def _execute(notebook_path, jupyter_path, monkeypatch, cwd):
    import nbclient
    import nbformat

    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.setenv("MPLCONFIGDIR", str(cwd / "mplconfig"))
    notebook = nbformat.read(notebook_path, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name="reader", timeout=120,
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return notebook


def _pngs(notebook):
    return [base64.b64decode(output["data"]["image/png"]) for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]


@pytest.mark.downloads
def test_downloaded_notebook_runs_and_saves_its_figure(kernel, monkeypatch, tmp_path):
    notebook = _execute(_download(f"{NOTEBOOK}.ipynb"), kernel, monkeypatch, tmp_path)
    figures = _pngs(notebook)
    assert len(figures) >= 1 and all(figure.startswith(PNG) for figure in figures)
    for number, figure in enumerate(figures, 1):
        (tmp_path / f"figure_{number}.png").write_bytes(figure)


@pytest.mark.downloads
def test_notebook_check_fails_on_a_notebook_that_raises(kernel, monkeypatch, tmp_path):
    import nbclient
    import nbformat

    notebook = nbformat.read(_download(f"{NOTEBOOK}.ipynb"), as_version=4)
    notebook.cells[0].source += "\nimport torch"
    broken = tmp_path / "broken.ipynb"
    nbformat.write(notebook, broken)
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="No module named 'torch'"):
        _execute(broken, kernel, monkeypatch, tmp_path)
