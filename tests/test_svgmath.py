"""The build-time math extension (docs/_ext/svgmath.py) on a small site of its own: every equation becomes an SVG
with its hidden MathML, and a TeX error fails a ``-W`` build at the equation's source line."""

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "docs" / "_ext")!r})
extensions = ["myst_parser", "svgmath"]
myst_enable_extensions = ["dollarmath", "amsmath"]
"""

PAGE = r"""# Math

Inline $x^2 + \alpha < 1$, and a numbered equation:

$$
E = m c^2
$$ (eq-energy)

Two equations, aligned:

$$
a &= b

c &= d
$$

\begin{align}
f(x) &= x \\
g(x) &= \operatorname{KL}(p \,\|\, q)
\end{align}

See {eq}`eq-energy`.
"""


def build(tmp_path, page):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "conf.py").write_text(CONF)
    (tmp_path / "src" / "index.md").write_text(page)
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
               str(tmp_path / "src"), str(tmp_path / "out")]
    return subprocess.run(command, capture_output=True, text=True)


def test_every_equation_is_an_svg_with_its_mathml(tmp_path):
    result = build(tmp_path, PAGE)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    elements = re.findall(r'<(span|div) class="[^"]*\bmath notranslate[^"]*"[^>]*>(.*?)</\1>', html, re.DOTALL)
    assert len(elements) == 4
    for _, inner in elements:
        assert inner.count("<mjx-container") == 1 and inner.count("<svg") == 1
        assert inner.count("<mjx-assistive-mml") == 1 and "<math" in inner
        assert "\\(" not in inner and "\\[" not in inner and "merror" not in inner
    # The numbered equation keeps its number and its anchor, and the reference reaches it.
    assert '<span class="eqno">(1)' in html and 'href="#equation-eq-energy"' in html
    # Sphinx's wrapping of two equations separated by a blank line: an aligned block inside an align.
    assert elements[2][1].count('data-mml-node="mtable"') == 2
    # Every glyph that an equation uses is in the page's sheet, once.
    sheet = re.search(r'<svg id="svgmath-glyphs".*?</svg>', html, re.DOTALL).group(0)
    defined = re.findall(r'<path id="([^"]+)"', sheet)
    used = set(re.findall(r'xlink:href="#([^"]+)"', html))
    assert used and used == set(defined) and len(defined) == len(set(defined))
    # No MathJax script; its stylesheet and licence notice instead.
    assert not re.search(r"<script[^>]*mathjax|MathJax\s*=", html, re.IGNORECASE)
    assert (tmp_path / "out" / "_static" / "svgmath" / "svgmath.css").is_file()
    assert "Apache" in (tmp_path / "out" / "_static" / "svgmath" / "LICENSE-NOTICE.txt").read_text()


@pytest.mark.parametrize("tex, line, message", [
    (r"$\frac{a}{b$", 3, "Missing close brace"),
    (r"$\undefinedmacro{x}$", 3, r"Undefined control sequence \undefinedmacro"),
    ("$$\n\\begin{aligned} a &= b\n$$", 3, r"Missing \end{aligned}"),
])
def test_a_broken_equation_fails_the_build_at_its_line(tmp_path, tex, line, message):
    result = build(tmp_path, f"# Math\n\n{tex}\n\nText after.\n")
    assert result.returncode != 0
    assert f"index.md:{line}" in result.stderr and message in result.stderr, result.stderr


def test_an_operator_name_with_a_digit_is_one_word(tmp_path):
    # MathJax's \operatorname sets the digit of log1p apart ("log 1p"); svgmath typesets the name as one word of
    # text, which MathML then reads as a single <mtext>.
    result = build(tmp_path, r"$\operatorname{log1p}(s)$ and $\operatorname{KL}(p)$" + "\n")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    assert "<mtext>log1p</mtext>" in html and "<mn>1</mn>" not in html
