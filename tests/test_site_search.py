"""The search page of the built site, in Chromium: an equation's name lists its chapter section first, snippets
hold no raw markup, and sphinx-gallery's run-time tables are not found. The search index and the pages it lists
are read from build/html as well.
"""

import pytest

from .conftest import SITE
from .test_search_index import prose_text, raw_markup, search_data
from .test_site import desktop_context, visit  # noqa: F401  (the shared fixtures)

pytestmark = pytest.mark.browser

# An equation's name, the chapter and the heading of the section that must come first.
EQUATIONS = {
    "KL divergence": ("chapters/probability", "Kullback-Leibler divergence"),
    "softmax": ("chapters/softmax", "Softmax"),
    "cross-entropy": ("chapters/probability", "Cross-entropy"),
    "log-sum-exp": ("chapters/softmax", "Log-sum-exp"),
    "scaled dot-product attention": ("chapters/attention", "Scaled dot-product attention"),
    "gradient descent": ("chapters/optimization", "Gradient descent"),
    "singular value decomposition": ("chapters/linear_algebra", "Singular value decomposition"),
}

RESULTS = """() => Array.from(document.querySelectorAll('#search-results li')).map(item => ({
    href: item.querySelector('a').getAttribute('href'), title: item.querySelector('a').textContent,
    snippet: item.querySelector('p.context') ? item.querySelector('p.context').textContent : null}))"""


def search(visit, query, **kwargs):
    """The results of `query` on the search page, once every snippet is in: [{href, title, snippet}]."""
    page = visit(f"search.html?q={query}", **kwargs)
    # Results are shown one by one; the summary line appears when the last one is in. Each snippet arrives
    # with its page, after its result; a result with a description (an API object) has none.
    page.page.locator(".search-summary", has_text="Search finished").wait_for(timeout=20_000)
    page.page.wait_for_function("""() => Array.from(document.querySelectorAll('#search-results li'))
        .every(item => item.querySelector('p.context') || item.querySelector('a + span'))""", timeout=20_000)
    return page, page.page.evaluate(RESULTS)


@pytest.mark.parametrize("query", EQUATIONS)
def test_an_equation_name_lists_its_section_first(visit, query):
    chapter, heading = EQUATIONS[query]
    page, results = search(visit, query)
    assert results, query
    path, _, anchor = results[0]["href"].partition("#")
    assert (path, bool(anchor)) == (f"{chapter}.html", True), results[:3]
    assert results[0]["title"].endswith(f" > {heading}"), results[0]
    page.page.goto(f"{page.page.url.split('/search.html')[0]}/{results[0]['href']}")
    section_heading = page.page.evaluate(f"""() => {{
        const target = document.getElementById({anchor!r});
        const heading = target && target.closest('section') && target.closest('section').querySelector('h1, h2');
        return heading ? heading.textContent.replace('#', '').trim() : null; }}""")
    assert section_heading == heading


@pytest.mark.parametrize("query", ["entropy", "attention", "gradient", "width", "theta"])
def test_search_snippets_hold_no_raw_markup(visit, query):
    _, results = search(visit, query)
    snippets = [result["snippet"] for result in results if result["snippet"] is not None]
    assert len(snippets) >= 5, results
    assert {result["href"]: raw_markup(result["snippet"]) for result in results
            if result["snippet"] and raw_markup(result["snippet"])} == {}


@pytest.mark.parametrize("query", ["entropy", "softmax"])
def test_search_results_fit_a_phone(visit, query):
    page, _ = search(visit, query, width=390, height=844)
    wider = page.page.evaluate("""() => Array.from(document.querySelectorAll('#search-results li, #search-results li *'))
        .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > window.innerWidth)
        .map(el => el.tagName + ': ' + el.textContent.slice(0, 60))""")
    assert wider == []


@pytest.mark.parametrize("query", ["time", "execution", "computation times"])
def test_run_time_tables_are_not_found(visit, query):
    _, results = search(visit, query)
    assert [result["href"] for result in results if "sg_execution_times" in result["href"]] == []


@pytest.mark.parametrize("term, expected", [("entropy", "chapters/probability"), ("attention", "chapters/attention"),
                                            ("softmax", "chapters/softmax")])
def test_search_finds(visit, term, expected):
    _, results = search(visit, term)
    assert any(expected in result["href"] for result in results), results


def test_the_search_index_holds_no_run_time_table():
    data = search_data(SITE)
    assert "chapters/probability" in data["docnames"]
    assert [page for page in data["docnames"] if page.rsplit("/", 1)[-1] == "sg_execution_times"] == []
    # The pages stay: they are left out of the search only.
    assert (SITE / "sg_execution_times.html").exists() and (SITE / "auto_examples" / "sg_execution_times.html").exists()


def test_the_text_snippets_are_cut_from_holds_no_raw_markup():
    """Every indexed page, read as the search page reads it for a snippet: its prose."""
    data = search_data(SITE)
    texts = {page: prose_text((SITE / f"{page}.html").read_text(encoding="utf-8")) for page in data["docnames"]}
    assert all(len(text) > 20 for text in texts.values()), [page for page, text in texts.items() if len(text) <= 20]
    assert {page: raw_markup(text) for page, text in texts.items() if raw_markup(text)} == {}


@pytest.mark.parametrize("query, chapter", [("probability", "chapters/probability"), ("linear algebra",
                                            "chapters/linear_algebra"), ("losses", "chapters/losses")])
def test_a_subject_lists_its_chapter_first(visit, query, chapter):
    _, results = search(visit, query)
    assert results and results[0]["href"] == f"{chapter}.html", results[:3]
