# language: zh-CN
功能: 投诉升级管理（CS-CMS "投诉升级管理"）
  未能在时限内关闭或预判不能按时关闭（E1）、VRT 未及时提出方案（E2）、经销商未及时制定方案（E3）时应升级。

  @c.escalate_e1
  场景: 超过5个工作日仍未关闭
    假如 一件"complaint"类投诉，类别"quality"，于"2025-11-03 09:00"受理
    并且 "2025-11-03 10:30"发生事件"customer_contacted"
    并且 "2025-11-03 17:00"发生事件"feedback_logged"，备注"读取故障码"
    并且 "2025-11-04 09:00"发生事件"handling_plan_made"
    当 在"2025-11-10 18:00"检查该投诉
    那么 时限"resolution"截止"2025-11-10 09:00"，状态"overdue"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 需要升级"E1"，依据"CS-CMS"的"投诉升级管理"

  @c.escalate_e1_forecast
  场景: 无处理结果且临近时限，预判不能按时关闭
    假如 一件"complaint"类投诉，类别"quality"，于"2025-11-03 09:00"受理
    并且 "2025-11-03 10:30"发生事件"customer_contacted"
    并且 "2025-11-03 17:00"发生事件"feedback_logged"，备注"读取故障码"
    并且 "2025-11-04 09:00"发生事件"handling_plan_made"
    并且 "2025-11-09 10:00"发生事件"progress_logged"，备注"等待客户确认方案"
    当 在"2025-11-09 18:00"检查该投诉
    那么 时限"resolution"截止"2025-11-10 09:00"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 需要升级"E1"，依据"CS-CMS"的"投诉升级管理"
    并且 规则"c.escalate_e1_forecast"适用，依据"CS-CMS"的"投诉升级管理"

  @c.escalate_e2 @c.vrt_solution_deadline
  场景: VRT 启动后未及时提出技术解决方案
    假如 一件"complaint"类投诉，类别"quality"，于"2025-11-03 09:00"受理
    并且 "2025-11-03 10:00"发生事件"customer_contacted"
    并且 "2025-11-03 12:00"发生事件"feedback_logged"，备注"疑似阀体故障"
    并且 "2025-11-03 14:00"发生事件"handling_plan_made"
    并且 "2025-11-04 09:00"发生事件"vrt_started"
    并且 "2025-11-05 16:00"发生事件"progress_logged"，备注"等待技术支持"
    当 在"2025-11-06 10:00"检查该投诉
    那么 时限"vrt_solution"截止"2025-11-06 09:00"，状态"overdue"，依据"CS-CMS"的"投诉分派及处理"
    并且 需要升级"E2"，依据"CS-CMS"的"投诉升级管理"

  @c.escalate_e3 @c.handling_plan_deadline
  场景: 经销商未及时制定处理方案
    假如 一件"complaint"类投诉，类别"sales"，于"2025-11-03 09:00"受理
    并且 "2025-11-03 10:00"发生事件"customer_contacted"
    并且 "2025-11-03 12:00"发生事件"feedback_logged"，备注"客户要求补偿"
    当 在"2025-11-05 10:00"检查该投诉
    那么 时限"handling_plan"截止"2025-11-05 09:00"，状态"overdue"，依据"CS-CMS"的"投诉升级管理"
    并且 需要升级"E3"，依据"CS-CMS"的"投诉升级管理"

  @c.escalate_e3
  场景: 方案按时制定则不升级
    假如 一件"complaint"类投诉，类别"sales"，于"2025-11-03 09:00"受理
    并且 "2025-11-03 10:00"发生事件"customer_contacted"
    并且 "2025-11-03 12:00"发生事件"feedback_logged"，备注"客户要求补偿"
    并且 "2025-11-04 12:00"发生事件"handling_plan_made"
    当 在"2025-11-05 10:00"检查该投诉
    那么 时限"handling_plan"截止"2025-11-05 09:00"，状态"met"，依据"CS-CMS"的"投诉升级管理"
    并且 规则"c.escalate_e3"不适用
