"""Bibliography labels in the author-year form of the chapters' citations: "Bridle, 1990", not "[5]".

The chapters cite as "Bridle (1990)" or "(Bridle, 1990)" (``bibtex_reference_style = "author_year"``), while
pybtex's plain style labels the bibliography's entries with numbers; this style labels each entry as it is cited,
and sorts by author, year and title. Two works of one author and year would need a letter: the label says
"a", "b" then.
"""

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle


def _surnames(entry):
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(person.last_names) for person in people]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        labels = [f"{_surnames(entry)}, {entry.fields.get('year', '')}" for entry in sorted_entries]
        repeated, seen = Counter(labels), Counter()
        for label in labels:
            if repeated[label] > 1:
                seen[label] += 1
                label = f"{label}{'abcdefghij'[seen[label] - 1]}"
            yield label


class AuthorYearStyle(PlainStyle):
    default_label_style = AuthorYearLabels
    default_sorting_style = "author_year_title"


def setup(app):
    register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
