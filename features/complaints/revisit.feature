# language: zh-CN
功能: 投诉处理后次日回访（REVISIT §3；FAW-CRM ch.2 处理顾客投诉流程）

  @c.revisit_next_day
  场景: 关闭次日回访
    假如 一件"grievance"类投诉，类别"service"，于"2025-03-12 10:05"受理
    并且 "2025-03-12 15:00"发生事件"feedback_logged"，备注"已向客户解释"
    并且 "2025-03-13 09:30"发生事件"customer_withdrew"
    并且 "2025-03-13 10:00"发生事件"closed"
    并且 "2025-03-14 10:15"发生事件"revisited"
    当 在"2025-03-14 18:00"检查该投诉
    那么 时限"revisit"截止"2025-03-14 23:59"，状态"met"，依据"REVISIT"的"§3"

  @c.revisit_next_day
  场景: 节前关闭的投诉，回访顺延至节后第一个工作日
    假如 一件"complaint"类投诉，类别"service"，于"2025-09-28 09:00"受理
    并且 "2025-09-28 10:00"发生事件"feedback_logged"，备注"已处理"
    并且 "2025-09-30 09:30"发生事件"customer_withdrew"
    并且 "2025-09-30 10:00"发生事件"closed"
    当 在"2025-10-02 18:00"检查该投诉
    那么 时限"revisit"截止"2025-10-09 23:59"，状态"running"，依据"REVISIT"的"§3"
