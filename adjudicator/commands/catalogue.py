"""The message catalogue of the command line: every string a user reads from `adjudicator` itself -- help of the
group, of each command and of each option, the command line's own messages, and click's own words -- declared
once here, in Chinese and English. Commands carry no help text of their own: `commands/language.py` puts these in
place for the language of the run. `tests/test_cli_language.py` checks that every command and option has both.

Help of an option is found by `"<command path> <option>"` (e.g. `"batch --as-of"`), else by the option alone
(`"--lang"`): an option that means the same everywhere is written once.
"""
from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


COMMANDS: dict[str, Text] = {
    "": Text(
        """按规则书裁决中国汽车售后案件，每个结论都附有条款依据。

        \b
        adjudicator warranty check car.json         一辆车的三包裁决
        adjudicator complaint check case.json       能否结案、时限、升级、下一步
        adjudicator complaint watch cases.jsonl     所有未结投诉，最紧急的在前
        adjudicator followup check crm_log.json     每项回访与提醒义务，是否按时
        adjudicator followup due crm_log.json --date 2025-03-12   当天的回访清单，最紧急的在前
        adjudicator report followup crm_logs.json --period month --format html -o report.html
        adjudicator batch cars.jsonl -o out.jsonl   大批记录并行裁决，每条一行 JSON
        adjudicator rules list                       规则、条款与版本
        adjudicator rules show w2021.same_problem_repeat
        adjudicator schema warranty-input            输入的 JSON Schema
        adjudicator warranty check car.json --record  同时把裁决存入裁决记录
        adjudicator history LSVNV2182N2000001        一辆车或一个案件的全部裁决记录及变化
        adjudicator replay --rules candidate/        换一套规则书时已记录案件的结果
        adjudicator record verify                    校验裁决记录的哈希链

        语言：--lang zh|en（可写在任何命令之前或之后）优先，其次 ADJUDICATOR_LANG，再次区域设置
        （LC_ALL、LC_MESSAGES、LANG 以 zh 开头即为中文），否则英文。""",
        """Adjudicate car after-sales cases in China against the rule book, with cited reasons.

        \b
        adjudicator warranty check car.json         three-guarantee (三包) decision for one car
        adjudicator complaint check case.json       may it close, deadlines, escalation, next actions
        adjudicator complaint watch cases.jsonl     every open complaint, most urgent first
        adjudicator followup check crm_log.json     every revisit and reminder duty, on time or not
        adjudicator followup due crm_log.json --date 2025-03-12   the day's call list, most urgent first
        adjudicator report followup crm_logs.json --period month --format html -o report.html
        adjudicator batch cars.jsonl -o out.jsonl   many records, in parallel, one JSON line each
        adjudicator rules list                       the rules, their articles and versions
        adjudicator rules show w2021.same_problem_repeat
        adjudicator schema warranty-input            JSON Schema of the input
        adjudicator warranty check car.json --record  also keep the decision in the decision record
        adjudicator history LSVNV2182N2000001        every recorded decision of a car or case, what changed
        adjudicator replay --rules candidate/        what the recorded cases would get under another rule book
        adjudicator record verify                    check the record's hash chain

        Language: --lang zh|en (before or after any command) first, then ADJUDICATOR_LANG, then the locale
        (LC_ALL, LC_MESSAGES, LANG starting with zh: Chinese), else English."""),
    "warranty": Text("家用汽车三包规定（2013 年版与 2021 年版）。",
                     "Household-car three-guarantee regulation (2013 and 2021 versions)."),
    "warranty check": Text(
        """按三包规定裁决每个车辆历史文件 FILE（JSON 或 YAML）给消费者带来的权利。

        输出适用的版本及理由、各期限及剩余、每项救济及其条款和事实依据、时限、临界提醒、假设与缺失事实。
        有问题的文件在其他文件之后报告在 stderr（退出码 2）。--format json：一个文件输出其裁决；多个文件输出
        一个列表，按给出的顺序每个文件一项：{"record", "source", "ok": true, "decision"} 或 {"record",
        "source", "ok": false, "error": {"field", "message"}}（与 batch 的行相同）。""",
        """Decide what the regulation gives the consumer for each vehicle history FILE (JSON or YAML).

        Prints the version and why, the periods and what is left of them, every remedy with its article and the
        facts behind it, deadlines, near-limit warnings, assumptions and missing facts. A bad file is reported on
        stderr (exit 2) after the others. --format json: one file gives its decision; several give a list with one
        entry per file, in the order given: {"record", "source", "ok": true, "decision"} or {"record", "source",
        "ok": false, "error": {"field", "message"}} (the shape of a batch line)."""),
    "warranty project": Text(
        """FILE 中的车离下一项救济还有多远、到何时为止。

        每个期限结束的日期与里程；每项尚未具备的救济，使其成立的最小后续事件及最迟日期；维修中的车辆，
        应提供备用车和应更换/退货的日期。通过对预测的历史重新裁决得出，使用规则书自身的阈值。""",
        """How close the car in FILE is to the next remedy, and until when.

        For each period, the date and the odometer reading at which it closes; for each remedy not yet available,
        the smallest further event that would bring it and the day it must happen by; for a repair still in
        progress, the day the courtesy vehicle and replace/return would be due. Found by re-running the decision
        on projected histories, with the rule book's own thresholds."""),
    "complaint": Text("投诉裁决：结案、时限、升级与下一步行动，均附政策依据。",
                      "Complaint adjudication: closure, deadlines, escalation and next actions, with cited policies."),
    "complaint check": Text(
        """检查一个或多个投诉文件（JSON 或 YAML，每个文件一个案件）。有问题的文件在其他文件裁决之后报告在
        stderr（退出码 2）。--format json：一个文件输出其裁决；多个文件输出一个列表，按给出的顺序每个文件一项：
        {"record", "source", "ok": true, "decision"} 或 {"record", "source", "ok": false, "error": {"field",
        "message"}}（与 batch 的行相同）。""",
        """Check one or more complaint files (JSON or YAML, one case each). A bad file is reported on stderr
        (exit 2) after the others are decided. --format json: one file gives its decision; several give a list with
        one entry per file, in the order given: {"record", "source", "ok": true, "decision"} or {"record", "source",
        "ok": false, "error": {"field", "message"}} (the shape of a batch line)."""),
    "complaint watch": Text(
        """多个案件，每行一个 JSON 对象（FILE，或 - 表示标准输入）：一张表，最紧急的在前，底部为计数。
        所有案件按同一时刻判断：--as-of，或当前时间（页脚注明）。

        退出码：0 没有逾期；5 有案件存在逾期事项（供定时告警）；2 跳过了有问题的行（在 stderr 报告；优先于 5），
        或输入无法读取；1 内部错误。""",
        """Many cases, one JSON object a line (FILE or - for stdin): one table, most urgent first, counts at the foot.
        Every case is judged at the same moment: --as-of, or the current time (said in the footer).

        Exit codes: 0 nothing overdue; 5 some case has an overdue item (for a cron alert); 2 bad lines were skipped
        (reported on stderr; this comes before 5), or the input could not be read; 1 an internal fault."""),
    "followup": Text(
        """回访合规：经销商 CRM 日志应做的回访电话与提醒，均附政策依据。

        LOG 是 JSON 或 YAML 日志（或日志数组），或每行一个事件的导出（CSV、JSONL 或行的 JSON 数组；每个经销商
        一个日志，覆盖其事件所跨的自然月）。""",
        """Follow-up compliance: revisit calls and reminders a dealer's CRM log owes, with cited policies.

        LOG is a JSON or YAML log (or an array of logs), or an export with one row per event (CSV, JSONL or a JSON
        array of rows; one log per dealer, covering the calendar months its events span)."""),
    "followup check": Text("日志产生的每项义务：应完成时间，按时/迟延/逾期/未到期，及其依据。",
                           "Every duty the log gave rise to: its due time, on time / late / overdue / not yet due, "
                           "and its source."),
    "followup due": Text("某一天的回访清单，最紧急的在前：逾期的义务、当天到期的、窗口已开的电话。",
                         "The call list of a day, most urgent first: overdue duties, those due that day, calls whose "
                         "window is open."),
    "report": Text("周期报表：各项比率与政策目标对比，及其背后的计数，按月或按周。",
                   "The periodic reports: rates against the policies' targets, counts behind them, month or week on "
                   "month or week."),
    "report followup": Text("CRM 日志（与 followup check 读取的相同）的回访比率：按时回访、回访率、成功率。",
                            "Follow-up rates of CRM logs (as `followup check` reads them): revisits on time, revisit "
                            "rates, success."),
    "report complaints": Text(
        """投诉案件（JSONL、JSON 数组或文件夹；一个案件，或 {dealer, advisor, complaint}）的投诉报表：指标（一次
        解决、按时处理、处理达标）、部门汇总周报、时限报表与时限提示、考核报表。""",
        """Complaint reports of complaint cases (JSONL, a JSON array or a folder; a case, or {dealer, advisor,
        complaint}): the rates (solved at the first attempt, handled on time and to standard), the weekly summary by
        department, the time-limit report and reminders, the assessment report."""),
    "batch": Text(
        """裁决大批记录：INPUT 是 JSONL 文件、JSON 数组、文件夹、'-'（标准输入：JSONL、JSON 数组、CSV 导出或
        .xlsx 工作簿），或每行一个维修项目的经销商导出（.csv 或 .xlsx，按车架号分组；`adjudicator batch
        --csv-columns` 列出各列及其中文表头）。JSONL 还是单个文档由内容判断，而不是文件名。

        每条输入记录恰好写出一行 JSON，按输入顺序：{"record", "source", "ok", "decision"} 或 {"record",
        "source", "ok": false, "error": {"field", "message"}}。有问题的记录不会中止运行，使引擎崩溃的记录也不会
        （在新的工作进程中重试一次，然后报告）。输出文件先写在旁边，结束时再放到位；它永远不会是输入之一。
        汇总表写到 stderr。

        退出码：0 全部记录已裁决；2 部分记录输入有误，或输入、输出无法使用（磁盘满、无权限：已写出的完整行
        保留，--resume 可续跑）；1 部分记录遇到内部错误；3 部分记录两次使引擎崩溃；130 / 143 被 SIGINT /
        SIGTERM 中断（输出包含每条已完成的记录，每行完整）；141 标准输出的读取方已退出。

        使用 --record（或 ADJUDICATOR_RECORD=1）时每个裁决都存入裁决记录，每批行一个事务，先存再写：写出的
        每一行都在记录中。""",
        """Decide many records: INPUT is a JSONL file, a JSON array, a folder of files, '-' (stdin: JSONL, a JSON
        array, a CSV export or an .xlsx workbook) or a dealer export (.csv or .xlsx) with one row per repair item
        (grouped by VIN; `adjudicator batch --csv-columns` lists the columns and their Chinese headers). JSONL or one
        document is told by the content, not by the name.

        Writes exactly one JSON line per input record, in input order: {"record", "source", "ok", "decision"} or
        {"record", "source", "ok": false, "error": {"field", "message"}}. A bad record never stops the run, nor does
        a record that crashes the engine (it is retried once in a fresh worker, then reported). The output file is
        written beside itself and put in place at the end; it is never one of the inputs. A summary table goes to
        stderr.

        Exit codes: 0 every record decided; 2 some records were bad input, or the input or output could not be used
        (disk full, no permission: the complete lines written are kept, --resume continues); 1 some records met an
        internal error; 3 some records crashed the engine twice; 130 / 143 interrupted by SIGINT / SIGTERM (the output
        holds every record completed, each line whole); 141 the reader of stdout went away.

        With --record (or ADJUDICATOR_RECORD=1) each decision is kept in the decision record, one transaction per
        chunk of lines, stored before the lines are written: every line written out is in the record."""),
    "rules": Text("规则书：每条规则及其条款依据、条件与参数。",
                  "The rule book: every rule with its citation, condition and parameters."),
    "rules list": Text("列出规则：编号、版本或政策、类别、条款或章节、标题。",
                       "List the rules: id, version or policy, kind, article or section, and title."),
    "rules show": Text("显示一条规则：条款依据、条件、参数及其取值与来源、测试场景。",
                       "Show one rule: citation, condition, parameters with their values and sources, and its "
                       "scenarios."),
    "rules report": Text(
        "把规则书写成法务可读的页面：每条法条原文旁列出其规则、带依据的分日期参数、每个场景的最近结果，以及"
        "没有规则覆盖的条款及理由。",
        "Write the rule book as pages legal can read: each article's text beside its rules, the dated parameters "
        "with their citations, every scenario with its last result, and the clauses no rule covers with the reason."),
    "schema": Text("输出输入或裁决的 JSON Schema（NAME：warranty-input、warranty-decision 等；不给出则列出全部）。",
                   "Print the JSON Schema of an input or a decision (NAME: warranty-input, warranty-decision, ...; "
                   "without NAME, list them)."),
    "record": Text("裁决记录：校验其哈希链，导出（完整导出，或为分享而脱敏）。",
                   "The decision record: check its hash chain, export it (whole or redacted for sharing)."),
    "record verify": Text("从第一条起重新计算哈希链：任何被修改或删除的条目都会被指出（退出码 1）。",
                          "Recompute the hash chain from the first entry: any changed or deleted entry is named "
                          "(exit 1)."),
    "record export": Text("每个条目一行 JSON，最早的在前。", "Every entry as one JSON line, oldest first."),
    "history": Text(
        "一辆车（车架号）或一个投诉案件（编号）的全部已记录裁决，最新的在前，并列出与前一次裁决相比的变化："
        "得到或失去的救济、对请求的结论、时限、触发的规则。",
        "Every recorded decision for a car (VIN) or a complaint case (id), newest first, with what changed from "
        "the decision before each: remedies gained or lost, the verdict on the request, deadlines, rules fired."),
    "replay": Text(
        """在当前或候选规则书下重新裁决已记录的输入（每辆车、每个案件的最新裁决），逐案报告会有什么变化：
        得到或失去的救济、对请求的结论、时限的移动、新触发或不再触发的规则；然后按规则和按救济汇总。

        退出码：0 没有变化；4 部分裁决会变化；2 输入有误（没有记录、候选规则书损坏、选项有误）；1 内部错误。""",
        """Re-decide the recorded inputs (the latest decision of each car and case) under the current or a
        candidate rule book and report, per case, what would change: remedies gained or lost, the verdict on the
        request, deadlines moved, rules newly fired or no longer fired; then a table by rule and by remedy.

        Exit codes: 0 nothing would change; 4 some decisions would change; 2 bad input (no record, a broken
        candidate rule book, a bad option); 1 an internal fault."""),
}

_CALENDAR = Text("节假日与调休工作日的 YAML/JSON 文件，补充日历未覆盖的年份。",
                 "YAML/JSON file of holidays and make-up working days for years the calendar lacks.")
_COMPLAINT_AS_OF = Text("裁决时间（ISO 日期时间，不带时区即为北京时间；只给日期即为当天 23:59:59）。",
                        "Decision time (ISO date-time; China time if no zone; a date means the end of that day, "
                        "23:59:59).")
_COMPLAINT_POLICY = Text("投诉政策配置：内置编号（default、dfp-course、faw-crm、cs-cms）或 YAML/JSON 文件。",
                         "Policy profile: a built-in id (default, dfp-course, faw-crm, cs-cms) or a YAML/JSON file.")
_FOLLOWUP_POLICY = Text("回访政策配置：内置编号（default、revisit、faw-crm）或 YAML/JSON 文件。",
                        "Follow-up profile: a built-in id (default, revisit, faw-crm) or a YAML/JSON file.")
_REPORT = {
    "--period": Text("报表周期：按月或按周 [默认：按月；--kind summary 按周]。",
                     "The period of the report: month or week [default: month; week for --kind summary]."),
    "--by": Text("按经销商、事项所属的经办人或（仅投诉）处理部门分组。",
                 "Group by dealer, by the member of staff an item belongs to, or (complaints only) by the handling "
                 "department."),
    "--format": Text("报表格式：表格、CSV、JSON、带图表的 HTML 或 XLSX。",
                     "The report's format: table, CSV, JSON, HTML with charts or XLSX."),
    "--output": Text("报表写到哪里（xlsx 必须是文件）。", "Where the report goes (xlsx needs a file)."),
    "--as-of": Text("所有记录按此时间判断 [默认：各自的时间]。", "Judge every record at this time [default: its own]."),
    "--policy": Text("带目标值的回访政策配置：内置编号或文件。",
                     "Follow-up profile with the targets: a built-in id or a file."),
}

OPTIONS: dict[str, Text] = {
    "--help": Text("显示本帮助并退出。", "Show this message and exit."),
    "--version": Text("显示版本并退出。", "Show the version and exit."),
    "--lang": Text("输出语言 [默认：ADJUDICATOR_LANG，否则按区域设置：中文区域为 zh，其余为 en]。",
                   "Language of the output [default: ADJUDICATOR_LANG, else from the locale: zh for a Chinese "
                   "locale, else en]."),
    "--format": Text("输出格式：table 供阅读，json 供其他系统，markdown 供报告。",
                     "Output format: table to read, json for other systems, markdown for reports."),
    "--record": Text("把每个裁决存入裁决记录（docs/record.md）[默认：ADJUDICATOR_RECORD=1 时开启]。",
                     "Keep each decision in the decision record (docs/record.md) [default: on when "
                     "ADJUDICATOR_RECORD=1]."),
    "--db": Text("裁决记录文件 [默认：ADJUDICATOR_DB，否则 $XDG_DATA_HOME/adjudicator/decisions.sqlite3 或 "
                 "~/.local/share/…]。",
                 "The decision record file [default: ADJUDICATOR_DB, else $XDG_DATA_HOME/adjudicator/"
                 "decisions.sqlite3 or ~/.local/share/…]."),
    "--calendar": _CALENDAR,
    "--strict-calendar": Text("时限落在日历未覆盖的年份即为错误（退出码 2），而不只是警告。",
                              "A deadline in a year the calendar does not cover is an error (exit 2), not a "
                              "warning."),
    "--evaluator": Text("规则引擎，或同一套规则的纯 Python 参照实现。",
                        "Rule engine, or the plain-Python oracle of the same rules."),
    "--workers": Text("工作进程数 [默认：本进程可用的 CPU 数]。",
                      "Worker processes [default: the CPUs this process may use]."),
    "--progress": Text("在 stderr 显示进度条 [默认：仅当 stderr 是终端时]。",
                       "Progress bar on stderr [default: only when stderr is a terminal]."),
    "--detail": Text("full：完整裁决；brief：简要，保修不含未触发规则的原因、接近限值和参数清单，投诉不含规则轨迹（结论及其依据不变）。",
                     "full: the whole decision; brief: without the why-not of unfired rules, near limits and the "
                     "parameter list (warranty) or the rule trace (complaint); the conclusions and their citations "
                     "are the same."),
    "--domain": Text("只看这一领域的规则：保修、投诉、回访或全部。",
                     "Only the rules of this domain: warranty, complaints, followup or all."),
}

COMMAND_OPTIONS: dict[str, Text] = {
    "warranty check --as-of": Text("按此日期裁决，而不是 claim.date（之后的维修记录不计）。",
                                   "Decide as of this date instead of claim.date (visits after it are ignored)."),
    "warranty check --regulation": Text("指定版本 [默认：按开票日期选择]。",
                                        "Force a version [default: chosen by the invoice date]."),
    "warranty check --verbose": Text("同时列出未触发的救济规则及原因。",
                                     "Also list the remedy rules that did not fire and why."),
    "warranty project --daily-km": Text("今后每天行驶的公里数 [默认：该车至今的日均里程]。",
                                        "km driven a day from now on [default: the car's own average so far]."),
    "warranty project --format": Text("输出格式：table 供阅读，json 供其他系统。",
                                      "Output format: table to read, json for other systems."),
    "complaint check --as-of": _COMPLAINT_AS_OF,
    "complaint check --policy": _COMPLAINT_POLICY,
    "complaint watch --as-of": _COMPLAINT_AS_OF,
    "complaint watch --policy": _COMPLAINT_POLICY,
    "followup check --as-of": Text("裁决时间（ISO 日期或日期时间，不带时区即为北京时间）[默认：日志的 as_of，"
                                   "否则其周期的结束]。",
                                   "Decision time (ISO date or date-time; China time if no zone) [default: the "
                                   "log's as_of, else the end of its period]."),
    "followup check --policy": _FOLLOWUP_POLICY,
    "followup due --date": Text("回访清单的日期 [默认：日志 as_of 的那一天，否则今天]。",
                                "The day of the call list [default: the log's as_of day, else today]."),
    "followup due --policy": _FOLLOWUP_POLICY,
    **{f"report {command} {option}": text for command in ("followup", "complaints")
       for option, text in _REPORT.items()},
    "report complaints --kind": Text(
        "rates：投诉指标对比目标；summary：客户投诉业务汇总周报表（FAW-CRM）；time-limits：时限报表（CS-CMS），每类时限"
        "按时、迟延、逾期、未完成；reminders：时限提示（CS-CMS），--as-of（默认：现在）时已逾期或即将到期的时限；"
        "assessment：考核报表（CS-CMS），按 --by 经办人或部门的各项比率。",
        "rates: the complaint rates against their targets; summary: the weekly summary by department (FAW-CRM); "
        "time-limits: every deadline kind met, late, overdue, open (CS-CMS); reminders: deadlines overdue or about "
        "to run out at --as-of (default: now) (CS-CMS); assessment: the rates per --by advisor or department "
        "(CS-CMS)."),
    "report complaints --week": Text("--kind summary：汇总的周（ISO 周，如 2025-W10）[默认：报表时间之前结束的最近一周]。",
                                     "--kind summary: the week summarised (an ISO week, e.g. 2025-W10) [default: the "
                                     "last week ended by the report time]."),
    "report complaints --complaint-policy": Text("裁决这些案件所用的投诉政策配置。",
                                                 "The complaint profile the cases are decided by."),
    "batch --csv-columns": Text("列出 CSV 输入的各列后退出。", "List the columns of the CSV input and exit."),
    "batch --output": Text("JSONL 写到哪里（每条输入记录一行，按输入顺序）。",
                           "Where the JSONL goes (one line per input record, in input order)."),
    "batch --resume": Text("从已有 --output 文件的最后一个完整行继续运行。",
                           "Continue a run from the last complete line of the existing --output file."),
    "batch --kind": Text("记录的种类：保修历史、投诉案件，或 CRM 日志（每条记录一个经销商的日志）。",
                         "Warranty histories, complaint cases, or CRM logs (one dealer's log a record)."),
    "batch --as-of": Text("每条记录按此日期裁决（投诉：日期即当天 23:59:59 北京时间；也可给日期时间）。",
                          "Decide every record as of this date (complaints: a date means the end of that day, "
                          "23:59:59 China time; or give a date-time)."),
    "batch --regulation": Text("保修：指定版本 [默认：按每条记录的开票日期选择]。",
                               "Warranty: force a version [default: chosen by each invoice date]."),
    "batch --policy": Text("投诉或回访：政策配置，内置编号或 YAML/JSON 文件 [默认：default]。",
                           "Complaint or followup: a policy profile, a built-in id or a YAML/JSON file "
                           "[default: default]."),
    "batch --strict-calendar": Text("时限落在日历未覆盖的年份即为该记录的错误，而不只是警告。",
                                    "A deadline in a year the calendar does not cover is that record's error, not "
                                    "a warning."),
    "batch --encoding": Text("CSV 输入的编码 [默认：自动识别 UTF-8（带或不带 BOM）、GB18030/GBK、带 BOM 的 "
                             "UTF-16]。",
                             "Encoding of a CSV input [default: detected: UTF-8 with or without BOM, GB18030/GBK, "
                             "UTF-16 with BOM]."),
    "batch --sheet": Text(".xlsx 输入的工作表 [默认：第一个]。", "The sheet of an .xlsx input [default: the first]."),
    "batch --columns": Text("把经销商系统自己的表头映射到各列的 YAML 或 JSON 文件（{工单编号: visit_id}）。",
                            "YAML or JSON mapping of a dealer system's own headers to the columns "
                            "({工单编号: visit_id})."),
    "batch --progress": Text("在 stderr 显示带速率和预计剩余时间的进度条 [默认：仅当 stderr 是终端时]。",
                             "Progress bar with rate and ETA on stderr [default: only when stderr is a terminal]."),
    "rules list --version": Text("只看这一版本的三包规定。", "Only this regulation version."),
    "rules list --kind": Text("只看这一类别的规则（remedy、scope、exclusion、closure、escalation 等）。",
                              "Only rules of this kind (remedy, scope, exclusion, closure, escalation, ...)."),
    "rules show --policy": Text("投诉与回访规则：显示哪个政策配置的参数值。",
                                "Complaint and follow-up rules: the policy profile whose parameter values to show."),
    "rules report --version": Text("只看这一版本三包规定的条款。", "Only this regulation version's articles."),
    "rules report --format": Text("页面格式：html 或 md（Markdown）。", "The pages' format: html or md (Markdown)."),
    "rules report --out": Text("页面写入的文件夹。", "The folder to write the pages to."),
    "rules report --results": Text("场景的 cucumber JSON（pytest --cucumberjson）；默认：输出文件夹中的 "
                                   "scenario-results.json。",
                                   "The features' cucumber JSON (pytest --cucumberjson); default: "
                                   "scenario-results.json in the output folder."),
    "rules report --run": Text("先运行场景（需要测试依赖），写出结果文件。",
                               "Run the features first (needs the test extras), writing the results file."),
    "rules report --on": Text("显示这一天生效的参数值（默认：今天，在每个版本内）。",
                              "Show parameter values in force on this day (default: today, within each version)."),
    "record verify --format": Text("输出格式：table 供阅读，json 供其他系统。",
                                   "Output format: table to read, json for other systems."),
    "record export --redact": Text("为分享而脱敏：遮盖车架号（保留厂商代码），去掉自由文本（备注、描述、经办人）。",
                                   "Mask VINs (the maker code stays) and drop free text (notes, descriptions, who "
                                   "did it), for sharing."),
    "record export --output": Text("JSON 行写到哪里（不会覆盖已有文件）。",
                                   "Where the JSON lines go (never over an existing file)."),
    "history --format": Text("输出格式：table 供阅读，json 供其他系统。",
                             "Output format: table to read, json for other systems."),
    "replay --since": Text("只看裁决日期为 DATE 或更晚的裁决。", "Only decisions whose as-of date is DATE or later."),
    "replay --rules": Text("候选规则书文件夹，布局同 rules/ [默认：现行规则书]。",
                           "A candidate rule book folder, laid out like rules/ [default: the rule book in force]."),
    "replay --policy": Text("投诉：改用这个政策配置重新裁决，而不是各案件原先所用的。",
                            "Complaints: re-decide under this policy profile instead of the one each case was "
                            "decided with."),
    "replay --as-of": Text("按此时间重新裁决（投诉：日期时间，或日期即当天结束）[默认：各裁决原先的时间]。",
                           "Re-decide as of this date (complaints: date-time, or a date: its end) [default: the "
                           "as-of each decision was made for]."),
    "replay --kind": Text("只看一种裁决。", "Only one kind."),
    "replay --every": Text("所有已记录的裁决，而不只是每辆车、每个案件的最新一次。",
                           "Every recorded decision, not only the latest of each car or case."),
    "replay --format": Text("输出格式：table 供阅读，json 供其他系统。",
                            "Output format: table to read, json for other systems."),
}

# click's own words (its gettext message ids) in Chinese; English is click's own text.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Aborted!": "已中止！",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Did you mean {possibility}?": "是否想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想输入其中之一：{possibilities}？）",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带取值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个取值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值。可用：{states}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "default: {default}": "默认：{default}",
    "default": "默认",
    "required": "必填",
    "range": "范围",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
}

# The command line's own messages: `message(key, lang, **fields)` in commands/language.py fills them in.
MESSAGES: dict[str, Text] = {
    "internal_error": Text("内部错误（{kind}：{detail}）；设置 ADJUDICATOR_DEBUG=1 可查看调用栈",
                           "internal error ({kind}: {detail}); set ADJUDICATOR_DEBUG=1 for the traceback"),
    "broken_rules": Text("规则文件有误：{detail}", "rule files are broken: {detail}"),
    "not_a_date": Text("{value!r} 不是日期（应为 YYYY-MM-DD，如 2024-05-01）",
                       "{value!r} is not a date (expected YYYY-MM-DD, e.g. 2024-05-01)"),
    "not_a_moment": Text("{value!r} 不是时间（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS][+08:00]，如 "
                         "2024-10-09T18:00）",
                         "{value!r} is not a date-time (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00], e.g. "
                         "2024-10-09T18:00)"),
    "calendar_file": Text("--calendar：{file}：{reason}", "--calendar: {file}: {reason}"),
    "calendar_unreadable": Text("--calendar：{detail}", "--calendar: {detail}"),
    "not_utf8": Text("不是 UTF-8 文本（第 {byte} 字节：{reason}）", "not UTF-8 text ({reason} at byte {byte})"),
    "lines_skipped": Text("跳过了 {count} 行：", "{count} line(s) skipped:"),
    "line_of": Text("{name}：第 {line} 行", "{name}: line {line}"),
    "writes_a_file": Text("--format {fmt} 写出的是文件：请用 -o FILE 指定", "--format {fmt} writes a file: give -o FILE"),
    "no_rule": Text("没有规则 {rule!r}{hint}；请查看 `adjudicator rules list{where}`",
                    "no rule {rule!r}{hint}; see `adjudicator rules list{where}`"),
    "did_you_mean": Text("（是否想找：{names}）", " (did you mean: {names})"),
    "rules_count": Text("共 {count} 条规则 · 规则集：{digests}", "{count} rules · rule sets: {digests}"),
    "cannot_run_features": Text("无法运行场景：{detail}", "cannot run the features: {detail}"),
    "features_ran": Text("场景：{summary} → {path}", "features: {summary} → {path}"),
    "pages_written": Text("已写出 {count} 个页面到 {out}（从 {start} 开始看）",
                          "{count} pages written to {out} (start with {start})"),
    "not_a_week": Text("{value!r}：应为 ISO 周，如 2025-W10", "{value!r}: expected an ISO week such as 2025-W10"),
    "by_department_complaints_only": Text("--by department：只有投诉报表可按处理部门分组",
                                          "--by department: only complaint reports have a handling department"),
    "week_for_summary_only": Text("--week：仅用于 --kind summary", "--week: only for --kind summary"),
    "week_is_weekly": Text("--week：指定 --week 时按周汇总", "--week: the summary is weekly with --week"),
    "no_schema": Text("没有 Schema {name!r}；可选：{names}", "no schema {name!r}; choose one of: {names}"),
    "summary_outcome": Text("结果", "outcome"),
    "summary_count": Text("数量", "count"),
    "outcome_records": Text("记录", "records"),
    "outcome_recorded": Text("已存入记录", "recorded"),
    "outcome_ok": Text("已裁决", "ok"),
    "outcome_error": Text("输入有误", "error"),
    "outcome_internal_error": Text("内部错误", "internal_error"),
    "outcome_engine_crashed": Text("引擎崩溃", "engine_crashed"),
    "outcome_out_of_scope": Text("不在三包范围内", "out_of_scope"),
    "outcome_remedy_none": Text("救济：无", "remedy:none"),
    "outcome_remedy": Text("救济：{name}", "remedy:{code}"),
    "outcome_may_close": Text("可以结案", "may_close"),
    "outcome_open": Text("未能结案", "open"),
    "outcome_escalation_required": Text("需要升级", "escalation_required"),
    "outcome_duties_overdue": Text("有逾期义务", "duties_overdue"),
    "outcome_no_duty_overdue": Text("无逾期义务", "no_duty_overdue"),
    "outcome_duties_done_late": Text("有迟延完成的义务", "duties_done_late"),
    "csv_columns_intro": Text(
        "每行一个维修项目（CSV：UTF-8、GB18030/GBK 或 UTF-16，或 .xlsx 的第一个工作表）；车架号相同的行组成一个"
        "历史，维修单号相同的行组成一次维修。\n车辆、购车、凭证与请求各列在一个车架号的每一行重复；任一行上每个"
        "不同的 consumable_*、defect_* 或 incident_* 都是一项。\n列按其名称或任一中文表头识别；--columns FILE "
        "映射其他表头。\n",
        "One row per repair item (CSV in UTF-8, GB18030/GBK or UTF-16, or the first sheet of an .xlsx); rows with "
        "the same vin make one history, rows with the same visit_id one visit.\nVehicle, purchase, certificate and "
        "claim columns repeat on every row of a vin; each different consumable_*, defect_* or incident_* entry on "
        "any row is one entry.\nA column is found by its name or by any of its Chinese headers; --columns FILE maps "
        "other headers.\n"),
    "csv_column": Text("列", "column"),
    "csv_headers": Text("中文表头", "Chinese headers"),
    "csv_meaning": Text("含义", "meaning"),
}
