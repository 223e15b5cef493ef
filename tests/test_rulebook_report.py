"""`adjudicator rules report`: the rule book as pages legal can read, checked as a reader would use them.

The report is built once per format from the shipped rule book, with scenario results from a small cucumber JSON
in pytest-bdd's shape (one passed, one failed outline row, one skipped). The HTML pages are self-contained and
every internal link resolves; the Markdown pages are CommonMark (markdown-it-py's commonmark preset) with no raw
HTML, and their links resolve too; every place of the 2021 text that nothing cites has a reason in
rules/warranty/uncovered.yaml, and every reason there is for a place nothing cites. A real headless Chromium
(Debian's `chromium`) loads pages, runs the search box and takes a 1280 px screenshot (tests skip, saying why,
where it is not installed).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chromium, needs_chromium, png_rows
from click.testing import CliRunner
from markdown_it import MarkdownIt

from adjudicator.commands.main import cli
from adjudicator.rulebook_report import read_results, uncited_places, write_rulebook_report
from adjudicator.rulebook_report.scenarios import all_scenarios
from adjudicator.warranty.rulebook import load_warranty_rulebook, uncovered_places, warranty_law_texts
from adjudicator.warranty.schema import SCHEMA as WARRANTY_SCHEMA
from adjudicator.warranty.vocabulary import FINDING

BOOK = load_warranty_rulebook()
OUTLINE = next(s for s in all_scenarios() if s.uri.endswith(".feature") and "w2021.same_problem_repeat" in s.tags)
PLAIN = next(s for s in all_scenarios() if "w2021.free_repair" in s.tags)


def cucumber(tmp: Path) -> Path:
    """Results in pytest-bdd's cucumber JSON shape: OUTLINE ran twice (one row failed), PLAIN passed."""
    def element(sc, status):
        return {"keyword": "场景", "id": "x", "name": sc.name, "line": sc.line, "description": "", "type": "scenario",
                "tags": [{"name": t, "line": sc.line - 1} for t in sorted(sc.tags)],
                "steps": [{"keyword": "假如", "name": "…", "line": sc.line + 1, "match": {"location": ""},
                           "result": {"status": status, "duration": 1,
                                      **({"error_message": "AssertionError: 例"} if status == "failed" else {})}}]}
    features = {}
    for sc, status in ((OUTLINE, "passed"), (OUTLINE, "failed"), (PLAIN, "passed")):
        features.setdefault(sc.uri, {"keyword": "功能", "uri": sc.uri, "name": sc.feature, "id": sc.uri, "line": 2,
                                     "description": "", "language": "zh-CN", "tags": [], "elements": []})
        features[sc.uri]["elements"].append(element(sc, status))
    path = tmp / "results.json"
    path.write_text(json.dumps(list(features.values()), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("report")
    results = cucumber(tmp)
    out = {}
    for fmt in ("html", "md"):
        out[fmt] = tmp / fmt
        write_rulebook_report(out[fmt], fmt, results=results)
    return out


# ---------------------------------------------------------------- the data behind the pages


def test_every_uncited_2021_place_has_a_reason_and_every_reason_an_uncited_place():
    uncited = uncited_places("SAMR-43")["SAMR-43"]
    reasons = uncovered_places()["SAMR-43"]
    assert uncited, "the 2021 text has places no rule cites (第一条 at least)"
    assert not sorted(set(uncited) - set(reasons)), "uncited places without a reason in uncovered.yaml"
    assert not sorted(set(reasons) - set(uncited)), "reasons in uncovered.yaml for places a rule or parameter cites"
    text = warranty_law_texts()["SAMR-43"]
    for label in reasons:
        assert text.article(re.match(r"第.+?条", label)[0]) is not None, label


def test_every_derived_finding_has_a_name():
    derived = {r.conclusion.derives for rules in BOOK.rules.values() for r in rules if r.conclusion.derives}
    assert derived and derived <= set(FINDING.codes)


def test_every_field_a_warranty_rule_tests_has_a_chinese_name():
    from adjudicator.core.conditions import parse
    unnamed = {f"{c.fact}.{c.field}" for rules in BOOK.rules.values() for r in rules for g in parse(r.when)
               for c in g if not WARRANTY_SCHEMA[c.fact][c.field].zh}
    assert not unnamed


def test_results_are_read_by_scenario_and_line(tmp_path):
    results = read_results(cucumber(tmp_path))
    outline = results.of(OUTLINE)
    assert (outline.status, outline.runs) == ("failed", ("passed", "failed"))
    assert "1/2" in outline.words() and outline.message.startswith("AssertionError")
    assert results.of(PLAIN).status == "passed" and results.ran_at is not None
    missing = read_results(tmp_path / "none.json")
    assert missing.ran_at is None and "--run" in (missing.problem or "")


# ---------------------------------------------------------------- the pages


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                (self.external if re.match(r"^[a-z]+:|^//", a[key]) else self.links).append(a[key])
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(str(a))


def parsed(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_html_pages_are_self_contained_and_every_internal_link_resolves(built):
    pages = {p.name: parsed(p) for p in built["html"].glob("*.html")}
    assert "index.html" in pages and "w2021-24.html" in pages and "w2013-21.html" in pages
    broken = []
    for name, page in pages.items():
        assert not page.external, f"{name} points outside the report: {page.external[:3]}"
        for link in page.links:
            target, _, anchor = link.partition("#")
            target = target or name
            if target not in pages or (anchor and anchor not in pages[target].ids):
                broken.append(f"{name} → {link}")
    assert not broken, broken[:10]


def test_an_article_page_shows_the_law_the_rules_the_values_and_the_results(built):
    page = (built["html"] / "w2021-24.html").read_text(encoding="utf-8")
    law = warranty_law_texts()["SAMR-43"].article("第二十四条")
    assert law.paragraphs[0].items[3].text in page                       # the verbatim text
    assert "Theonefkguy/Chinese-Laws" in page                             # its source
    assert 'id="w2021.same_problem_repeat"' in page
    limit = BOOK.parameters["same_problem_repairs_limit"].value_on(BOOK.version("2021").in_force.from_).value
    assert f"same_problem_repairs_limit = {limit}" in page                # the parameter by name, with its value
    assert "同一质量问题修理次数 大于" in page and "（" in page                # the condition in words, bracketed
    assert "未通过（1/2 组例子通过）" in page and "通过" in page               # the last results
    assert "w2013-21.html" in page                                        # the 2013 article side by side
    assert "第二十四条第三款" in page and uncovered_places()["SAMR-43"]["第二十四条第三款"] in page


def test_a_2013_page_says_plainly_that_there_is_no_text(built):
    page = (built["html"] / "w2013-21.html").read_text(encoding="utf-8")
    specs_reason = "No primary copy of Order 150 was found"
    assert "本条原文未收入仓库" in page and specs_reason in page
    assert 'id="w2013.same_problem_repeat"' in page


def test_policy_sections_show_every_profile(built):
    pages = sorted(built["html"].glob("complaints-*.html"))
    assert pages
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    for profile in ("default", "faw-crm", "cs-cms", "dfp-course"):
        assert f"<code>{profile}</code>" in text
    assert "停用" in text and "本政策原文未收入仓库" in text


def test_markdown_pages_are_commonmark_with_resolving_links(built):
    md = MarkdownIt("commonmark")
    names = {p.name for p in built["md"].glob("*.md")}
    assert {"index.md", "parameters.md", "w2021-24.md"} <= names
    for path in built["md"].glob("*.md"):
        tokens = md.parse(path.read_text(encoding="utf-8"))
        flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
        assert not [t for t in flat if t.type in ("html_block", "html_inline")], f"{path.name}: raw HTML"
        for t in flat:
            if t.type == "link_open":
                href = t.attrGet("href")
                assert href in names, f"{path.name}: link {href} resolves to no page"
    rendered = md.render((built["md"] / "w2021-24.md").read_text(encoding="utf-8"))
    assert "<h1>" in rendered and "same_problem_repairs_limit" in rendered


def test_the_command_builds_the_report_and_says_where(tmp_path):
    result = CliRunner().invoke(cli, ["rules", "report", "--domain", "warranty", "--version", "2021",
                                       "--format", "md", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "w2021-1.md").is_file() and not list((tmp_path / "r").glob("w2013-*"))
    assert "index.md" in result.output


# ---------------------------------------------------------------- in a real browser

@needs_chromium
def test_the_index_loads_and_its_search_runs_in_chromium(built):
    url = (built["html"] / "index.html").as_uri() + "?q=" + "第二十四条"
    dom = chromium("--virtual-time-budget=3000", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-500:]
    assert 'data-ready="1"' in dom.stdout, "the search script did not run to its end"
    hits = int(re.search(r'data-hits="(\d+)"', dom.stdout)[1])
    assert hits > 0 and "w2021-24.html" in dom.stdout.split('id="hits"')[1]


@needs_chromium
def test_an_article_page_renders_with_content_at_1280_px(built, tmp_path):
    shot = tmp_path / "article.png"
    page = (built["html"] / "w2021-24.html").as_uri()
    done = chromium("--window-size=1280,1600", f"--screenshot={shot}", page)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-500:]
    width, height, rows = png_rows(shot)
    assert (width, height) == (1280, 1600)
    bpp = len(rows[0]) // width
    busy = [y for y, row in enumerate(rows) if len({row[i:i + 3] for i in range(0, len(row), bpp * 7)}) > 3]
    assert len(busy) > height // 4, f"only {len(busy)} of {height} rows show anything"
    header = rows[5][:3]
    assert header != b"\xff\xff\xff", "the page header is not drawn"


# ---------------------------------------------------------------- the glossary


def _glossary_sources():
    """What the glossary must show, taken from where each term is declared: the vocabularies, the fact schemas
    and the parameters of the three domains."""
    from adjudicator.complaints import vocabulary as complaint_words
    from adjudicator.complaints.rulebook import PROFILES as COMPLAINT_PROFILES
    from adjudicator.complaints.rulebook import builtin_profile as complaint_profile
    from adjudicator.complaints.schema import SCHEMA as COMPLAINT_SCHEMA
    from adjudicator.core.vocabulary import Vocabulary
    from adjudicator.followup import vocabulary as followup_words
    from adjudicator.followup.rulebook import PROFILES as FOLLOWUP_PROFILES
    from adjudicator.followup.rulebook import builtin_profile as followup_profile
    from adjudicator.followup.schema import SCHEMA as FOLLOWUP_SCHEMA
    from adjudicator.warranty import vocabulary as warranty_words
    vocabularies = [v for mod in (warranty_words, complaint_words, followup_words) for v in vars(mod).values()
                    if isinstance(v, Vocabulary)]
    fields = [(f"{fact}.{name}", spec.zh) for schema in (WARRANTY_SCHEMA, COMPLAINT_SCHEMA, FOLLOWUP_SCHEMA)
              for fact, specs in schema.items() for name, spec in specs.items()]
    params = {*BOOK.parameters, *(n for pid in COMPLAINT_PROFILES for n in complaint_profile(pid).parameters),
              *(n for pid in FOLLOWUP_PROFILES for n in followup_profile(pid).parameters)}
    return vocabularies, fields, params


def test_the_glossary_names_every_code_field_and_parameter_in_both_formats(built):
    vocabularies, fields, params = _glossary_sources()
    assert vocabularies and fields and params
    for fmt, code_of in (("html", lambda c: f"<code>{c}</code>"), ("md", lambda c: f"`{c}`")):
        page = (built[fmt] / f"glossary.{fmt}").read_text(encoding="utf-8")
        missing = [f"{v.name}:{t.code}" for v in vocabularies for t in v
                   if code_of(t.code) not in page or (t.zh not in page and t.zh.replace("-", "\\-") not in page)]
        missing += [path for path, zh in fields if code_of(path) not in page or (zh and zh not in page)]
        missing += [name for name in params if code_of(name) not in page]
        assert not missing, f"{fmt}: glossary lacks {missing[:10]}"
    html_page = (built["html"] / "glossary.html").read_text(encoding="utf-8")
    # a vocabulary is headed by the Chinese names of the fields that take its values; aliases are shown
    assert re.search(r'id="warranty-words-system"><h3>[^<]*故障零件所属系统', html_page)
    assert "又称：" in html_page and "已联系客户" in html_page and "<code>customer_contacted</code>" in html_page


def test_every_glossary_heading_is_chinese_and_every_vocabulary_has_a_title(built):
    """Legal reads the glossary in Chinese: a vocabulary no field or conclusion names is headed by its own
    title, never by its code name (`event_type`)."""
    vocabularies, _, _ = _glossary_sources()
    untitled = [v.name for v in vocabularies if not re.search(r"[\u4e00-\u9fff]", v.title.zh) or not v.title.en]
    assert not untitled, f"vocabularies without a Chinese title: {untitled}"
    for fmt, heading in (("html", r"<h3>([^<]*)<span"), ("md", r"^### (.*?)（")):
        page = (built[fmt] / f"glossary.{fmt}").read_text(encoding="utf-8")
        headings = re.findall(heading, page, flags=re.M)
        assert headings
        english = [h for h in headings if not re.search(r"[\u4e00-\u9fff]", h)]
        assert not english, f"{fmt}: headings without Chinese: {english}"
    assert re.search(r'id="complaints-words-event_type"><h3>[^<]*事件类型', (built["html"] / "glossary.html")
                     .read_text(encoding="utf-8"))


def test_the_glossary_is_linked_from_the_index_and_from_the_rules_that_use_a_term(built):
    index = parsed(built["html"] / "index.html")
    assert "glossary.html" in index.links and "glossary.html#warranty" in index.links
    article = parsed(built["html"] / "w2021-24.html")
    # w2021.same_problem_repeat tests problem.repairs against same_problem_repairs_limit
    assert "glossary.html#warranty-fact-problem-repairs" in article.links
    assert "glossary.html#warranty-parameter-same_problem_repairs_limit" in article.links
    glossary = parsed(built["html"] / "glossary.html")
    assert {"warranty-fact-problem-repairs", "warranty-parameter-same_problem_repairs_limit"} <= glossary.ids
    assert "w2021-24.html#w2021.same_problem_repeat" in glossary.links          # and back to the rule
    md_rule = (built["md"] / "w2021-24.md").read_text(encoding="utf-8")
    assert "术语：[同一质量问题修理次数](glossary.md)" in md_rule
