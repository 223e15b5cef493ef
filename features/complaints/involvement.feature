# language: zh-CN
功能: 仲裁、诉讼、危机和重大投诉的协同处理（CS-CMS "仲裁、诉讼及危机公关"；CS-CMS "投诉分派及处理"；FAW-CRM ch.2 item 11）

  @c.involve_legal
  场景: 客户起诉时由法务人员配合处理
    假如 一件"complaint"类投诉，类别"quality"，于"2025-07-15 08:00"受理
    并且 "2025-07-15 09:00"发生事件"feedback_logged"，备注"已封存车辆"
    并且 "2025-07-16 18:00"发生事件"lawsuit_filed"
    当 在"2025-07-17 12:00"检查该投诉
    那么 下一步包括"involve_legal"，依据"CS-CMS"的"仲裁、诉讼及危机公关"

  @c.involve_legal
  场景: 客户申请仲裁时由法务人员配合处理
    假如 一件"complaint"类投诉，类别"sales"，于"2025-07-15 08:00"受理
    并且 "2025-07-16 18:00"发生事件"arbitration_filed"
    当 在"2025-07-17 12:00"检查该投诉
    那么 规则"c.involve_legal"适用，依据"CS-CMS"的"仲裁、诉讼及危机公关"

  @c.involve_marketing
  场景: 舆情危机由市场部门配合处理
    假如 一件"complaint"类投诉，类别"quality"，于"2025-07-15 08:00"受理
    并且 "2025-07-15 09:30"发生事件"media_crisis"
    当 在"2025-07-15 12:00"检查该投诉
    那么 下一步包括"involve_marketing"，依据"CS-CMS"的"仲裁、诉讼及危机公关"

  @c.report_major
  场景: 重大质量投诉报厂家
    假如 一件"complaint"类投诉，类别"quality"，于"2025-07-15 08:00"受理
    并且 该投诉为重大投诉
    当 在"2025-07-15 12:00"检查该投诉
    那么 下一步包括"report_to_carmaker"，依据"FAW-CRM"的"ch.2 item 11"

  @c.quality_vrt
  场景: 品质类投诉尚未启动VRT
    假如 一件"complaint"类投诉，类别"quality"，于"2025-07-15 08:00"受理
    当 在"2025-07-15 12:00"检查该投诉
    那么 下一步包括"start_vrt"，依据"CS-CMS"的"投诉分派及处理"
