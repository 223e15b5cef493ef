# language: zh-CN
功能: 法定节假日顺延（DFP-COURSE "客户抱怨与投诉处理·处理时限"）
  时限遇法定节假日顺延至节后第一个工作日，周末不得顺延；工作日按国务院放假通知计，含调休上班日。

  @c.holiday_shift
  场景: 2024年国庆节：24小时反馈顺延至10月8日
    假如 一件"complaint"类投诉，类别"quality"，于"2024-09-30 09:00"受理
    当 在"2024-10-03 12:00"检查该投诉
    那么 时限"first_feedback"截止"2024-10-08 23:59"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.holiday_shift"适用，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.resolution_5wd
  场景: 2024年国庆节：9月29日（周日）调休上班计入5个工作日
    假如 一件"complaint"类投诉，类别"quality"，于"2024-09-27 16:30"受理
    当 在"2024-10-09 18:00"检查该投诉
    那么 时限"resolution"截止"2024-10-10 16:30"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.holiday_shift
  场景: 2025年国庆中秋：24小时反馈顺延至10月9日
    假如 一件"complaint"类投诉，类别"service"，于"2025-09-30 10:00"受理
    当 在"2025-10-05 12:00"检查该投诉
    那么 时限"first_feedback"截止"2025-10-09 23:59"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.resolution_5wd
  场景: 2025年国庆中秋：9月28日（周日）调休上班计入5个工作日
    假如 一件"complaint"类投诉，类别"service"，于"2025-09-26 10:00"受理
    当 在"2025-10-09 12:00"检查该投诉
    那么 时限"resolution"截止"2025-10-10 10:00"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.holiday_shift
  场景: 2025年春节：24小时反馈顺延至2月5日
    假如 一件"complaint"类投诉，类别"parts"，于"2025-01-27 20:00"受理
    并且 "2025-01-27 21:30"发生事件"customer_contacted"
    当 在"2025-02-05 10:00"检查该投诉
    那么 时限"first_feedback"截止"2025-02-05 23:59"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.holiday_shift"适用，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.resolution_5wd
  场景: 2025年春节：1月26日（周日）调休上班计入5个工作日
    假如 一件"complaint"类投诉，类别"parts"，于"2025-01-24 15:00"受理
    当 在"2025-02-06 12:00"检查该投诉
    那么 时限"resolution"截止"2025-02-07 15:00"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.holiday_shift @c.first_contact_2h
  场景: 2026年春节：除夕前夜受理，2小时联系时限顺延至2月24日
    假如 一件"complaint"类投诉，类别"service"，于"2026-02-14 23:00"受理
    当 在"2026-02-20 12:00"检查该投诉
    那么 时限"first_contact"截止"2026-02-24 23:59"，状态"running"，依据"FAW-CRM"的"ch.2 item 13"
    并且 规则"c.holiday_shift"适用，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.resolution_5wd
  场景: 2026年春节：2月14日（周六）调休上班计入5个工作日
    假如 一件"complaint"类投诉，类别"service"，于"2026-02-13 10:00"受理
    当 在"2026-02-20 12:00"检查该投诉
    那么 时限"resolution"截止"2026-02-27 10:00"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.holiday_shift
  场景: 周末不顺延
    假如 一件"complaint"类投诉，类别"service"，于"2025-03-14 10:00"受理
    当 在"2025-03-15 12:00"检查该投诉
    那么 时限"first_feedback"截止"2025-03-15 10:00"，状态"overdue"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.holiday_shift"不适用

  @c.holiday_shift
  场景: 只采用一汽手册的政策方案时节假日不顺延
    假如 一件"complaint"类投诉，类别"quality"，于"2024-09-30 23:00"受理
    并且 采用政策方案"faw-crm"
    当 在"2024-10-03 12:00"检查该投诉
    那么 时限"first_contact"截止"2024-10-01 01:00"，状态"overdue"，依据"FAW-CRM"的"ch.2 item 13"
    并且 规则"c.holiday_shift"不适用
