# language: zh-CN
功能: 投诉处理时限（FAW-CRM ch.2 item 13、15；DFP-COURSE "客户抱怨与投诉处理·处理时限"；CS-CMS "时限管理"）

  @c.first_contact_2h
  场景大纲: 恰好在2小时整联系客户算按时
    假如 一件"complaint"类投诉，类别"service"，于"2025-03-12 10:00"受理
    并且 "<联系时间>"发生事件"customer_contacted"
    当 在"2025-03-12 18:00"检查该投诉
    那么 时限"first_contact"截止"2025-03-12 12:00"，状态"<状态>"，依据"FAW-CRM"的"ch.2 item 13"

    例子:
      | 联系时间         | 状态   |
      | 2025-03-12 11:59 | met    |
      | 2025-03-12 12:00 | met    |
      | 2025-03-12 12:01 | missed |

  @c.assistance_request_2h
  场景: 需要厂家援助时2小时内申请
    假如 一件"complaint"类投诉，类别"quality"，于"2025-03-12 10:00"受理
    并且 该投诉需要厂家援助
    并且 "2025-03-12 12:30"发生事件"oem_assistance_requested"
    当 在"2025-03-12 18:00"检查该投诉
    那么 时限"assistance_request"截止"2025-03-12 12:00"，状态"missed"，依据"FAW-CRM"的"ch.2 item 15"

  @c.first_feedback_24h
  场景: 24小时内在系统中首次反馈
    假如 一件"complaint"类投诉，类别"service"，于"2025-03-12 10:00"受理
    并且 "2025-03-13 09:00"发生事件"feedback_logged"，备注"已联系客户"
    当 在"2025-03-13 18:00"检查该投诉
    那么 时限"first_feedback"截止"2025-03-13 10:00"，状态"met"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.progress_48h
  场景大纲: 恰好在48小时整反馈进展算按时
    假如 一件"complaint"类投诉，类别"quality"，于"2025-03-10 08:00"受理
    并且 "2025-03-10 09:00"发生事件"feedback_logged"，备注"到店检查"
    并且 "<反馈时间>"发生事件"progress_logged"，备注"等待检测结果"
    当 在"2025-03-12 18:00"检查该投诉
    那么 时限"progress"截止"2025-03-12 09:00"，状态"<状态>"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

    例子:
      | 反馈时间         | 状态   |
      | 2025-03-12 09:00 | met    |
      | 2025-03-12 09:01 | missed |

  @c.resolution_5wd
  场景: 5个工作日内处理完毕
    假如 一件"complaint"类投诉，类别"service"，于"2025-03-10 10:00"受理
    并且 "2025-03-10 12:00"发生事件"feedback_logged"，备注"核实情况"
    并且 "2025-03-14 16:00"发生事件"closure_requested"
    当 在"2025-03-14 18:00"检查该投诉
    那么 时限"resolution"截止"2025-03-17 10:00"，状态"met"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.resolution_exception
  场景: 等待技术结论时不受5个工作日限制
    假如 一件"complaint"类投诉，类别"quality"，于"2025-03-10 10:00"受理
    并且 "2025-03-10 12:00"发生事件"feedback_logged"，备注"疑似电控故障"
    并且 "2025-03-12 10:00"发生事件"waiting_technical_conclusion"，备注"已提交厂家技术部"
    并且 "2025-03-14 09:00"发生事件"progress_logged"，备注"仍在等待技术结论"
    并且 "2025-03-16 09:00"发生事件"progress_logged"，备注"仍在等待技术结论"
    当 在"2025-03-18 08:00"检查该投诉
    那么 时限"resolution"截止"2025-03-17 10:00"，状态"exempt"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.resolution_exception"适用，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.escalate_e1"不适用

  @c.resolution_exception
  场景: 总部缺件并标明备件和订货日期时不受5个工作日限制
    假如 一件"complaint"类投诉，类别"parts"，于"2025-03-10 10:00"受理
    并且 "2025-03-10 12:00"发生事件"feedback_logged"，备注"需更换天窗电机"
    并且 "2025-03-11 10:00"登记缺件"天窗电机"，订货日期"2025-03-11"
    并且 "2025-03-13 09:00"发生事件"progress_logged"，备注"配件在途"
    并且 "2025-03-15 09:00"发生事件"progress_logged"，备注"配件在途"
    当 在"2025-03-17 08:00"检查该投诉
    那么 时限"resolution"截止"2025-03-17 10:00"，状态"running"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    当 在"2025-03-17 11:00"检查该投诉
    那么 时限"resolution"截止"2025-03-17 10:00"，状态"exempt"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"

  @c.waiting_parts_details
  场景: 缺件反馈未标明订货日期时不适用缺件例外
    假如 一件"complaint"类投诉，类别"parts"，于"2025-03-10 10:00"受理
    并且 "2025-03-10 12:00"发生事件"feedback_logged"，备注"需更换天窗电机"
    并且 "2025-03-11 10:00"登记缺件"天窗电机"，未标明订货日期
    并且 "2025-03-13 09:00"发生事件"progress_logged"，备注"配件在途"
    并且 "2025-03-15 09:00"发生事件"progress_logged"，备注"配件在途"
    当 在"2025-03-17 11:00"检查该投诉
    那么 时限"resolution"截止"2025-03-17 10:00"，状态"overdue"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.waiting_parts_details"适用，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 需要升级"E1"，依据"CS-CMS"的"投诉升级管理"

  @c.general_close_48h
  场景: 一般性质案例48小时内关闭
    假如 一件"general"类投诉，类别"service"，于"2025-04-10 08:30"受理
    并且 "2025-04-10 09:20"发生事件"feedback_logged"，备注"已解答"
    并且 "2025-04-10 09:25"发生事件"customer_withdrew"
    并且 "2025-04-12 08:30"发生事件"closed"
    当 在"2025-04-12 18:00"检查该投诉
    那么 时限"general_close"截止"2025-04-12 08:30"，状态"met"，依据"DFP-COURSE"的"客户抱怨与投诉处理·处理时限"
    并且 规则"c.resolution_5wd"不适用

  @c.time_limit @c.time_limit_warning
  场景: 专员设定的时限即将届满时提示
    假如 一件"complaint"类投诉，类别"sales"，于"2025-03-10 10:00"受理
    并且 专员设定时限为"2025-03-11 18:00"
    并且 "2025-03-10 11:00"发生事件"feedback_logged"，备注"核实情况"
    当 在"2025-03-11 15:00"检查该投诉
    那么 时限"time_limit"截止"2025-03-11 18:00"，状态"running"，依据"CS-CMS"的"时限管理"
    并且 规则"c.time_limit_warning"适用，依据"CS-CMS"的"时限管理"
    并且 有提示"time_limit_warning"
