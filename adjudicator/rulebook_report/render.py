"""The rule-book report written out: self-contained HTML pages (inline CSS, an inline search script over an inline
JSON index, no external resource) or CommonMark pages (no tables, no raw HTML), one file per page."""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from .glossary import Term
from .pages import (
    ArticlePage,
    ParameterView,
    PolicyRule,
    Report,
    RuleView,
    ScenarioView,
    SectionPage,
    search_index,
)

INDEX, PARAMETERS, GLOSSARY = "index", "parameters", "glossary"
FORMATS = ("html", "md")
CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
color:#1d2430;background:#fff;line-height:1.6}
header{background:#1f3a5f;color:#fff;padding:.6em 1.5em}header a{color:#cfe3ff}
main{max-width:72em;margin:0 auto;padding:1em 1.5em 3em}
h1{font-size:1.6em;margin:.4em 0}h2{font-size:1.25em;border-bottom:1px solid #c8d0da;margin-top:1.6em}
h3{font-size:1.05em;margin:.2em 0}
.law p{margin:.3em 0}.law .item{margin-left:2em}
.place{border-left:4px solid #3b7d3b;padding:.2em .6em;margin:.4em 0;background:#f3f8f3}
.place.partial{border-left-color:#9aa5b1;background:#f6f7f9}
.place.uncovered{border-left-color:#b26b00;background:#fff7ea}
.by,.reason,.meta{font-size:.85em;color:#4a5566}.reason{color:#7a4a00}
.rule{border:1px solid #c8d0da;border-radius:4px;padding:.6em .9em;margin:.8em 0}
.cond{background:#f4f6f9;padding:.4em .6em;font-family:inherit}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #c8d0da;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#eef2f7}
.passed{color:#1d6b1d}.failed{color:#b00020;font-weight:bold}.skipped,.not_run{color:#7a4a00}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
#q{font-size:1.1em;width:100%;max-width:30em;padding:.3em}
code{font-size:.9em}
"""
SEARCH_JS = """
(function(){
var index=JSON.parse(document.getElementById('search-index').textContent);
var box=document.getElementById('q'),hits=document.getElementById('hits');
function show(q){hits.textContent='';q=q.trim();if(!q)return;var n=0;
for(var i=0;i<index.length&&n<60;i++){var e=index[i];
if(e.t.indexOf(q)<0&&e.w.indexOf(q)<0)continue;n++;
var li=document.createElement('li'),a=document.createElement('a');a.href=e.u;a.textContent=e.t;li.appendChild(a);
hits.appendChild(li);}
if(!n){var li=document.createElement('li');li.textContent='没有结果';hits.appendChild(li);}
document.body.setAttribute('data-hits',String(n));}
box.addEventListener('input',function(){show(box.value);});
var m=/[?&]q=([^&]*)/.exec(location.search);if(m){box.value=decodeURIComponent(m[1]);show(box.value);}
document.body.setAttribute('data-ready','1');
})();
"""


def html_link(page: str, anchor: str | None = None) -> str:
    return f"{page}.html" + (f"#{anchor}" if anchor else "")


def md_link(page: str, anchor: str | None = None) -> str:
    return f"{page}.md"


# ---------------------------------------------------------------- HTML


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def html_page(title: str, body: str, report: Report, script: str = "") -> str:
    run = run_words(report)
    return (f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{e(title)}</title>"
            f"<style>{CSS}</style></head><body><header><a href=\"{INDEX}.html\">规则手册</a> · "
            f"<a href=\"{PARAMETERS}.html\">参数</a> · <a href=\"{GLOSSARY}.html\">术语表</a> · "
            f"<span class=\"meta\">{e(run)}</span></header>"
            f"<main>{body}</main>{script}</body></html>\n")


def run_words(report: Report) -> str:
    r = report.results
    if r.ran_at is None:
        return f"场景结果：{r.problem or '无'}"
    return f"场景结果：{r.ran_at:%Y-%m-%d %H:%M} 运行（{Path(r.source or '').name}）"


def html_rule_link(rule_id: str, report: Report) -> str:
    page = next((r.page for r in report.rules if r.id == rule_id), "")
    if rule_id.startswith("$"):
        return f"<a href=\"{html_link(PARAMETERS, rule_id[1:])}\"><code>{e(rule_id[1:])}</code></a>"
    if not page:
        return f"<code>{e(rule_id)}</code>"
    return f"<a href=\"{html_link(page, rule_id)}\"><code>{e(rule_id)}</code></a>"


def html_scenarios(scenarios: list[ScenarioView]) -> str:
    if not scenarios:
        return "<p class=\"meta\">没有标注此规则的场景。</p>"
    rows = "".join(f"<tr><td>{e(s.scenario.uri)}:{s.scenario.line}</td><td>{e(s.scenario.name)}</td>"
                   f"<td class=\"{e(s.status)}\">{e(s.result)}</td></tr>" for s in scenarios)
    return f"<table><tr><th>场景文件</th><th>场景</th><th>上次运行结果</th></tr>{rows}</table>"


def html_rule(r: RuleView) -> str:
    params = "".join(f"<tr><td><a href=\"{html_link(PARAMETERS, n)}\"><code>{e(n)}</code></a></td><td>{e(v)}</td>"
                     f"<td>{e(c)}</td></tr>" for n, v, c in r.parameters)
    params_table = (f"<table><tr><th>参数</th><th>取值</th><th>依据</th></tr>{params}</table>" if params else "")
    return (f"<section class=\"rule\" id=\"{e(r.id)}\"><h3>{e(r.title)}</h3>"
            f"<p class=\"meta\"><code>{e(r.id)}</code> · {e(r.kind)} · 依据：{e(r.citation)} · 文件：{e(r.file)}</p>"
            f"<p><b>条件：</b></p><p class=\"cond\">{e(r.condition)}</p>"
            + (f"<p><b>结论：</b>{e(r.conclusion)}</p>" if r.conclusion else "")
            + f"<p><b>说明模板：</b>{e(r.explanation)}</p>{params_table}{html_rule_terms(r)}"
            f"<p><b>测试场景</b>（{len(r.scenarios)}）：</p>{html_scenarios(r.scenarios)}</section>")


def html_rule_terms(r: RuleView) -> str:
    if not r.terms:
        return ""
    links = "、".join(f"<a href=\"{html_link(GLOSSARY, anchor)}\">{e(name)}</a>" for anchor, name in r.terms)
    return f"<p class=\"meta\">术语：{links}</p>"


def html_parameter_rows(params: list[ParameterView]) -> str:
    out = []
    for p in params:
        values = "<br>".join(f"自 {e(f)} 起：{e(v)}（{e(c)}）" for f, v, c in p.values)
        out.append(f"<tr><td><a href=\"{html_link(PARAMETERS, p.name)}\"><code>{e(p.name)}</code></a></td>"
                   f"<td>{e(p.description)}</td><td>{values}</td></tr>")
    return f"<table><tr><th>参数</th><th>含义</th><th>各日期的取值与依据</th></tr>{''.join(out)}</table>"


def html_article(page: ArticlePage, report: Report) -> str:
    parts = [f"<h1>{e(page.title)}</h1><p class=\"meta\">{e(page.instrument)}"
             + (f" · {e(page.chapter)}" if page.chapter else "") + f" · 参数取值日期：{page.parameters_on}</p>"]
    parts.append("<h2>条文</h2>")
    if page.places:
        law = []
        uncovered = {u.label for u in page.uncovered}
        for p in page.places:
            cls = "place item" if p.depth else "place"
            if p.label in uncovered or p.uncovered_reason is not None:
                cls += " uncovered"
            elif not p.cited_by:
                cls += " partial"
            by = (f"<div class=\"by\">引用：{'、'.join(html_rule_link(w, report) for w in p.cited_by)}</div>"
                  if p.cited_by else "")
            why = f"<div class=\"reason\">无规则：{e(p.uncovered_reason)}</div>" if p.uncovered_reason else ""
            law.append(f"<div class=\"{cls}\" id=\"{e(p.anchor)}\"><p><b>{e(p.label)}</b> {e(p.text)}</p>{by}{why}</div>")
        parts.append(f"<div class=\"law\">{''.join(law)}</div><p class=\"meta\">原文来源：{e(page.source)}</p>")
    else:
        parts.append(f"<p class=\"reason\"><b>本条原文未收入仓库。</b>{e(page.no_text)}</p>"
                     "<p class=\"meta\">下列规则和参数所引条号及其内容见 docs/regulation.md；条号未经原文核实的已标明。</p>")
    if page.counterparts or page.pairs:
        parts.append("<h2>两版对照</h2>")
        if page.counterparts:
            parts.append("<p>对应条文：" + "、".join(f"<a href=\"{html_link(s)}\">{e(t)}</a>"
                                                  for s, t in page.counterparts) + "</p>")
        rows = "".join(f"<tr><td><code>{e(sfx)}</code></td><td>{html_pair_side(left)}</td>"
                       f"<td>{html_pair_side(right)}</td></tr>" for sfx, left, right in page.pairs)
        parts.append(f"<table><tr><th>规则</th><th>2013年版</th><th>2021年版</th></tr>{rows}</table>")
    parts.append(f"<h2>实施本条的规则（{len(page.rules)}）</h2>")
    parts += [html_rule(r) for r in page.rules] or ["<p class=\"meta\">没有规则引用本条。</p>"]
    if page.parameters:
        parts.append("<h2>本条规定的参数</h2>" + html_parameter_rows(page.parameters))
    if page.uncovered:
        items = "".join(f"<li><a href=\"#{e(u.anchor)}\">{e(u.label)}</a>：{e(u.uncovered_reason or '（未说明理由）')}</li>"
                        for u in page.uncovered)
        parts.append(f"<h2>无规则对应的条款</h2><ul>{items}</ul>")
    return html_page(page.title, "".join(parts), report)


def html_pair_side(r: RuleView | None) -> str:
    if r is None:
        return "<span class=\"meta\">本版无对应规则</span>"
    return (f"<a href=\"{html_link(r.page, r.id)}\">{e(r.title)}</a><br><span class=\"meta\">{e(r.citation)}</span>"
            f"<div class=\"cond\">{e(r.condition)}</div>")


def html_policy_rule(rule: PolicyRule) -> str:
    rows = []
    for c in rule.profiles:
        params = "<br>".join(f"<code>{e(n)}</code> = {e(v)}（{e(src)}）" for n, v, src in c.parameters)
        rows.append(f"<tr><td>{e(c.name)}<br><code>{e(c.profile)}</code></td><td>{'启用' if c.enabled else '停用'}</td>"
                    f"<td>{e(c.condition) if c.enabled else ''}</td><td>{params if c.enabled else ''}</td></tr>")
    table = f"<table><tr><th>策略档案</th><th>状态</th><th>条件</th><th>参数与来源</th></tr>{''.join(rows)}</table>"
    return html_rule(rule.view).replace("</section>", f"<p><b>各策略档案：</b></p>{table}</section>")


def html_section(page: SectionPage, report: Report) -> str:
    parts = [f"<h1>{e(page.title)}</h1><p class=\"meta\">{e(page.instrument)}</p><h2>政策原文</h2>",
             f"<p class=\"reason\"><b>本政策原文未收入仓库。</b>{e(page.no_text or '仓库未说明理由。')}</p>",
             f"<h2>实施本节的规则（{len(page.rules)}）</h2>"]
    parts += [html_policy_rule(r) for r in page.rules]
    return html_page(page.title, "".join(parts), report)


def html_parameters(report: Report) -> str:
    parts = ["<h1>三包规定的参数</h1><p>每个取值自其日期起适用，至下一个取值的日期止；每个取值注明其依据。</p>"]
    for p in report.parameters:
        pages = "、".join(f"<a href=\"{html_link(s)}\">{e(title_of(report, s))}</a>" for s in p.pages)
        values = "".join(f"<tr><td>{e(f)}</td><td>{e(v)}</td><td>{e(c)}</td></tr>" for f, v, c in p.values)
        parts.append(f"<section class=\"rule\" id=\"{e(p.name)}\"><h3><code>{e(p.name)}</code> {e(p.description)}</h3>"
                     f"<p class=\"meta\">单位：{e(p.unit)}" + (f" · 规定条文：{pages}" if pages else "") + "</p>"
                     + (f"<p class=\"reason\">{e(p.choice)}</p>" if p.choice else "")
                     + f"<table><tr><th>起始日期</th><th>取值</th><th>依据</th></tr>{values}</table></section>")
    return html_page("参数", "".join(parts), report)


def html_term_row(t: Term, report: Report) -> str:
    values = (f"<br>取值见：<a href=\"#{e(t.values_from)}\">{e(t.values_name)}</a>" if t.values_from else "")
    aliases = f"<br><span class=\"meta\">又称：{e('、'.join(t.aliases))}</span>" if t.aliases else ""
    unit = f"<br><span class=\"meta\">单位：{e(t.unit)}</span>" if t.unit else ""
    used = "、".join(html_rule_link(rid, report) for rid in t.used_by)
    return (f"<tr id=\"{e(t.anchor)}\"><td>{e(t.name)}{aliases}</td><td><code>{e(t.code)}</code>{unit}</td>"
            f"<td>{e(t.english)}{values}</td><td>{used}</td></tr>")


def html_glossary(report: Report) -> str:
    parts = ["<h1>术语表</h1><p>规则条件、场景和裁决中出现的事实、词表取值与参数：中文名称、代码与英文名称。"
             "场景中的中文词语（含“又称”）由此对应到代码。</p>"]
    for d in report.glossary.domains:
        parts.append(f"<h2 id=\"{e(d.domain)}\">{e(d.name)} <span class=\"meta\">{e(d.english)}</span></h2><ul>"
                     + "".join(f"<li><a href=\"#{e(s.anchor)}\">{e(s.title)}</a></li>" for s in d.sections) + "</ul>")
        for sec in d.sections:
            rows = "".join(html_term_row(t, report) for t in sec.terms)
            parts.append(f"<section id=\"{e(sec.anchor)}\"><h3>{e(sec.title)} <span class=\"meta\">{e(sec.english)}"
                         f"</span></h3><table><tr><th>中文</th><th>代码</th><th>English</th><th>条件中用到它的规则</th></tr>"
                         f"{rows}</table></section>")
    return html_page("术语表", "".join(parts), report)


def title_of(report: Report, slug: str) -> str:
    return next((p.title for p in report.pages() if p.slug == slug), slug)


def html_index(report: Report) -> str:
    parts = ["<h1>规则手册：条文、规则、参数与场景</h1>",
             "<p><label for=\"q\">搜索（条号、规则号、参数名或文字）：</label><br>"
             "<input id=\"q\" type=\"search\" autocomplete=\"off\"></p><ul id=\"hits\"></ul>"]
    by_version: dict[str, list[ArticlePage]] = {}
    for a in report.articles:
        by_version.setdefault(a.version_name, []).append(a)
    if by_version:
        parts.append("<h2>按条文</h2>")
    for name, pages in by_version.items():
        rows = "".join(f"<tr><td><a href=\"{html_link(a.slug)}\">{e(a.number)}</a></td><td>{len(a.rules)}</td>"
                       f"<td>{'、'.join(e(u.label) for u in a.uncovered) if a.uncovered else ''}</td>"
                       f"<td>{'有' if a.places else '无（' + e(a.no_text or '') + '）' if a is pages[0] else '无'}</td></tr>"
                       for a in pages)
        parts.append(f"<h3>{e(name)}</h3><table><tr><th>条</th><th>规则数</th><th>无规则对应的条款</th>"
                     f"<th>原文</th></tr>{rows}</table>")
    if report.sections:
        parts.append("<h2>按政策章节</h2><ul>" + "".join(
            f"<li><a href=\"{html_link(s.slug)}\">{e(s.title)}</a>（{len(s.rules)} 条规则）</li>"
            for s in report.sections) + "</ul>")
    parts.append("<h2>按规则号</h2><table><tr><th>规则</th><th>标题</th><th>场景</th></tr>" + "".join(
        f"<tr><td><a href=\"{html_link(r.page, r.id)}\"><code>{e(r.id)}</code></a></td><td>{e(r.title)}</td>"
        f"<td>{scenario_summary(r)}</td></tr>" for r in sorted(report.rules, key=lambda r: r.id) if r.page)
        + "</table>")
    parts.append(f"<h2>术语</h2><p><a href=\"{html_link(GLOSSARY)}\">术语表</a>：" + "、".join(
        f"<a href=\"{html_link(GLOSSARY, d.domain)}\">{e(d.name)}</a>" for d in report.glossary.domains) + "</p>")
    if report.parameters:
        parts.append("<h2>按参数</h2><ul>" + "".join(
            f"<li><a href=\"{html_link(PARAMETERS, p.name)}\"><code>{e(p.name)}</code></a> {e(p.description)}</li>"
            for p in report.parameters) + "</ul>")
    script = (f"<script type=\"application/json\" id=\"search-index\">{search_index(report, html_link)}</script>"
              f"<script>{SEARCH_JS}</script>")
    return html_page("规则手册", "".join(parts), report, script)


def scenario_summary(r: RuleView) -> str:
    if not r.scenarios:
        return "无场景"
    counts: dict[str, int] = {}
    for s in r.scenarios:
        counts[s.status] = counts.get(s.status, 0) + 1
    names = {"passed": "通过", "failed": "未通过", "skipped": "跳过", "not_run": "未运行"}
    return "，".join(f"{names[k]} {v}" for k, v in counts.items())


# ---------------------------------------------------------------- CommonMark

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def m(text: object) -> str:
    """Text safe in CommonMark: ASCII punctuation backslash-escaped, line breaks folded."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: str) -> str:
    return f"`{text}`"


def md_page(title: str, body: list[str], report: Report) -> str:
    head = [f"[规则手册]({INDEX}.md) · [参数]({PARAMETERS}.md) · [术语表]({GLOSSARY}.md) · {m(run_words(report))}", "",
            f"# {m(title)}", ""]
    return "\n".join(head + body).rstrip() + "\n"


def md_rule_link(who: str, report: Report) -> str:
    if who.startswith("$"):
        return f"[{md_code(who[1:])}]({md_link(PARAMETERS)})"
    page = next((r.page for r in report.rules if r.id == who), "")
    return f"[{md_code(who)}]({md_link(page)})" if page else md_code(who)


def md_rule(r: RuleView, extra: list[str] | None = None) -> list[str]:
    out = [f"### {m(r.title)}", "", f"{md_code(r.id)} · {m(r.kind)} · 依据：{m(r.citation)} · 文件：{m(r.file)}", "",
           f"**条件：** {m(r.condition)}", ""]
    if r.conclusion:
        out += [f"**结论：** {m(r.conclusion)}", ""]
    out += [f"**说明模板：** {m(r.explanation)}", ""]
    if r.parameters:
        out += ["**参数：**", ""] + [f"- {md_code(n)} = {m(v)}（{m(c)}）" for n, v, c in r.parameters] + [""]
    if r.terms:
        out += ["术语：" + "、".join(f"[{m(name)}]({md_link(GLOSSARY)})" for _, name in r.terms), ""]
    out += [f"**测试场景**（{len(r.scenarios)}）：", ""]
    out += [f"- {m(s.scenario.uri)}:{s.scenario.line} {m(s.scenario.name)} — **{m(s.result)}**" for s in r.scenarios] \
        or ["- 没有标注此规则的场景。"]
    return out + [""] + (extra or [])


def md_article(page: ArticlePage, report: Report) -> str:
    body = [m(page.instrument) + (f" · {m(page.chapter)}" if page.chapter else "")
            + f" · 参数取值日期：{page.parameters_on}", "", "## 条文", ""]
    if page.places:
        for p in page.places:
            indent = "  " if p.depth else ""
            body.append(f"{indent}- **{m(p.label)}** {m(p.text)}")
            if p.cited_by:
                body.append(f"{indent}  引用：{'、'.join(md_rule_link(w, report) for w in p.cited_by)}")
            if p.uncovered_reason:
                body.append(f"{indent}  无规则：{m(p.uncovered_reason)}")
        body += ["", f"原文来源：{m(page.source)}", ""]
    else:
        body += [f"**本条原文未收入仓库。**{m(page.no_text)}", ""]
    if page.counterparts or page.pairs:
        body += ["## 两版对照", ""]
        if page.counterparts:
            body += ["对应条文：" + "、".join(f"[{m(t)}]({md_link(s)})" for s, t in page.counterparts), ""]
        for sfx, left, right in page.pairs:
            body.append(f"- {md_code(sfx)}")
            for label, r in (("2013年版", left), ("2021年版", right)):
                body.append(f"  - {label}：" + (f"[{m(r.title)}]({md_link(r.page)})（{m(r.citation)}）：{m(r.condition)}"
                                                if r else "本版无对应规则"))
        body.append("")
    body += [f"## 实施本条的规则（{len(page.rules)}）", ""]
    for r in page.rules:
        body += md_rule(r)
    if not page.rules:
        body += ["没有规则引用本条。", ""]
    if page.parameters:
        body += ["## 本条规定的参数", ""] + md_parameter_list(page.parameters)
    if page.uncovered:
        body += ["## 无规则对应的条款", ""] + [f"- {m(u.label)}：{m(u.uncovered_reason or '（未说明理由）')}"
                                            for u in page.uncovered] + [""]
    return md_page(page.title, body, report)


def md_parameter_list(params: list[ParameterView]) -> list[str]:
    out = []
    for p in params:
        out.append(f"- {md_code(p.name)} {m(p.description)}（{m(p.unit)}）")
        out += [f"  - 自 {f} 起：{m(v)}（{m(c)}）" for f, v, c in p.values]
    return out + [""]


def md_section(page: SectionPage, report: Report) -> str:
    body = [m(page.instrument), "", "## 政策原文", "", f"**本政策原文未收入仓库。**{m(page.no_text or '仓库未说明理由。')}", "",
            f"## 实施本节的规则（{len(page.rules)}）", ""]
    for rule in page.rules:
        extra = ["**各策略档案：**", ""]
        for c in rule.profiles:
            extra.append(f"- {m(c.name)}（{md_code(c.profile)}）：" + (f"启用；条件：{m(c.condition)}" if c.enabled else "停用"))
            if c.enabled:
                extra += [f"  - {md_code(n)} = {m(v)}（{m(src)}）" for n, v, src in c.parameters]
        body += md_rule(rule.view, extra + [""])
    return md_page(page.title, body, report)


def md_parameters(report: Report) -> str:
    body = ["每个取值自其日期起适用，至下一个取值的日期止；每个取值注明其依据。", ""]
    for p in report.parameters:
        body += [f"## {md_code(p.name)} {m(p.description)}", "", f"单位：{m(p.unit)}"
                 + ("；规定条文：" + "、".join(f"[{m(title_of(report, s))}]({md_link(s)})" for s in p.pages)
                    if p.pages else ""), ""]
        if p.choice:
            body += [m(p.choice), ""]
        body += [f"- 自 {f} 起：{m(v)}（{m(c)}）" for f, v, c in p.values] + [""]
    return md_page("三包规定的参数", body, report)


def md_glossary(report: Report) -> str:
    body = ["规则条件、场景和裁决中出现的事实、词表取值与参数：中文名称、代码与英文名称。场景中的中文词语（含“又称”）由此对应到代码。", ""]
    for d in report.glossary.domains:
        body += [f"## {m(d.name)}（{m(d.english)}）", ""]
        for sec in d.sections:
            body += [f"### {m(sec.title)}（{m(sec.english)}）", ""]
            for t in sec.terms:
                line = f"- **{m(t.name)}** {md_code(t.code)}：{m(t.english)}"
                if t.aliases:
                    line += f"；又称：{m('、'.join(t.aliases))}"
                if t.unit:
                    line += f"；单位：{m(t.unit)}"
                if t.values_from:
                    line += f"；取值见：{m(t.values_name)}"
                if t.used_by:
                    line += "；条件中用到它的规则：" + "、".join(md_rule_link(rid, report) for rid in t.used_by)
                body.append(line)
            body.append("")
    return md_page("术语表", body, report)


def md_index(report: Report) -> str:
    body: list[str] = []
    by_version: dict[str, list[ArticlePage]] = {}
    for a in report.articles:
        by_version.setdefault(a.version_name, []).append(a)
    if by_version:
        body += ["## 按条文", ""]
    for name, pages in by_version.items():
        body += [f"### {m(name)}", ""]
        body += [f"- [{m(a.number)}]({md_link(a.slug)})：{len(a.rules)} 条规则"
                 + (f"；无规则对应：{'、'.join(m(u.label) for u in a.uncovered)}" if a.uncovered else "")
                 for a in pages] + [""]
    if report.sections:
        body += ["## 按政策章节", ""] + [f"- [{m(s.title)}]({md_link(s.slug)})（{len(s.rules)} 条规则）"
                                        for s in report.sections] + [""]
    body += ["## 按规则号", ""] + [f"- [{md_code(r.id)}]({md_link(r.page)}) {m(r.title)}：{m(scenario_summary(r))}"
                                  for r in sorted(report.rules, key=lambda r: r.id) if r.page] + [""]
    body += ["## 术语", "", f"[术语表]({md_link(GLOSSARY)})：" + "、".join(m(d.name) for d in report.glossary.domains), ""]
    if report.parameters:
        body += ["## 按参数", ""] + [f"- [{md_code(p.name)}]({md_link(PARAMETERS)}) {m(p.description)}"
                                    for p in report.parameters] + [""]
    return md_page("规则手册：条文、规则、参数与场景", body, report)


# ---------------------------------------------------------------- writing


def write_report(report: Report, out: Path, fmt: str) -> list[Path]:
    """Every page of the report as a file in `out` (created if need be); the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    article: Callable[[ArticlePage, Report], str] = html_article if fmt == "html" else md_article
    section: Callable[[SectionPage, Report], str] = html_section if fmt == "html" else md_section
    files = {INDEX: (html_index if fmt == "html" else md_index)(report),
             PARAMETERS: (html_parameters if fmt == "html" else md_parameters)(report),
             GLOSSARY: (html_glossary if fmt == "html" else md_glossary)(report)}
    for a in report.articles:
        files[a.slug] = article(a, report)
    for s in report.sections:
        files[s.slug] = section(s, report)
    written = []
    for name, text in files.items():
        path = out / f"{name}.{fmt}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
