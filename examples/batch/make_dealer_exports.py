"""Writes the two dealer exports of this folder from one table, as a Chinese DMS would save them:
`dealer_export_gb18030.csv` (GB18030 with Chinese headers and Excel-style values: 2023/2/10, 2023年2月12日,
168,800, 是/否, 制动) and `dealer_export.xlsx` (the same rows as typed cells: dates and date-times as Excel dates,
numbers as floats). Run it again after changing the rows: `python examples/batch/make_dealer_exports.py`.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADERS = ["车架号", "使用性质", "开票日期", "交付日期", "车价（元）", "决定日期", "请求时里程", "请求", "请求日期",
           "维修单号", "进厂时间", "出厂时间", "里程", "故障零件", "故障描述", "系统", "处理方式", "主要零件",
           "严重安全故障", "失效模式", "原因", "已修复"]

VALVE = ["变速箱阀体", "变速箱2挡升3挡冲击，冷车明显", "变速器", "维修", "是", "否", "", "质量问题"]
CAR_1 = ["LFV2A21K8P3000011", "家庭生活消费", "2023/2/10", "2023年2月12日", "168,800", "2023/11/20", "18,600",
         "退货", "2023/11/20"]
CAR_2 = ["LGBH52E02NY000022", "家用", "2024/5/6", "2024/5/8", "219,900", "2024/5/20", "640", "更换", ""]
CAR_3 = ["LSVNV2182N2000001", "家用", "2023/3/1", "2023/3/3", "150,000", "2023/4/1", "2,100", "退货", "2023/4/1"]

ROWS = [
    CAR_1 + ["RO2023001", "2023/3/15", "2023/3/16", "2,100", *VALVE, "是"],
    CAR_1 + ["RO2023002", "2023/5/2", "2023/5/3", "4,800", *VALVE, "是"],
    CAR_1 + ["RO2023003", "2023/6/20", "2023/6/21", "7,300", *VALVE, "是"],
    CAR_1 + ["RO2023004", "2023/8/8", "2023/8/9", "10,150", *VALVE, "是"],
    CAR_1 + ["RO2023005", "2023/10/10", "2023/10/12", "14,200", *VALVE, "否"],
    CAR_1 + ["RO2023005", "2023/10/10", "2023/10/12", "14,200", "雨刮片", "雨刮片刮不干净", "车身", "更换零件", "否",
             "否", "", "质量问题", "是"],
    CAR_2 + ["SR-240511", "2024-05-11 10:00", "2024-05-13 16:00", "320", "动力电池模组", "动力电池包绝缘故障报警，更换电池模组",
             "动力蓄电池", "更换零件", "是", "否", "", "质量问题", "是"],
    CAR_3 + ["RO-1001", "2023-03-20 09:00", "2023-03-22 17:00", "1,850", "制动总泵", "制动总泵失效", "制动",
             "更换零件", "是", "是", "制动失效", "质量问题", "否"],
]


def csv_bytes() -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(ROWS)
    return text.getvalue().encode("gb18030")


def typed(header: str, value: str) -> object:
    """The cell as Excel holds it: dates and times as dates, numbers as floats, the rest as text."""
    if not value:
        return None
    if header in ("开票日期", "交付日期", "决定日期", "请求日期", "进厂时间", "出厂时间"):
        for form in ("%Y/%m/%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M"):
            try:
                return datetime.strptime(value, form)
            except ValueError:
                continue
    if header in ("车价（元）", "请求时里程", "里程"):
        return float(value.replace(",", ""))
    return value


def write_xlsx(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "维修记录"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append([typed(h, v) for h, v in zip(HEADERS, row, strict=True)])
    for cells in sheet.iter_rows(min_row=2):
        for cell, header in zip(cells, HEADERS, strict=True):
            if header in ("进厂时间", "出厂时间") and isinstance(cell.value, datetime) and cell.value.hour:
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy/m/d"
    # a fixed creation time, so that the same rows give the same workbook
    book.properties.created = book.properties.modified = datetime(2024, 6, 1)
    saved = io.BytesIO()
    book.save(saved)
    path.write_bytes(_with_fixed_times(saved.getvalue()))


def _with_fixed_times(workbook: bytes) -> bytes:
    """The workbook's zip with every member and the modification time dated 2024-06-01, so that the file is the same byte for byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 6, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":        # openpyxl stamps the time of saving here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-06-01T00:00:00Z", data)
            target.writestr(fixed, data)
    return out.getvalue()


def main() -> None:
    (HERE / "dealer_export_gb18030.csv").write_bytes(csv_bytes())
    write_xlsx(HERE / "dealer_export.xlsx")


if __name__ == "__main__":
    main()
