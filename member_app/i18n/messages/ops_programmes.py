"""The console's programme versions page (SPEC 12)."""

MESSAGES = {
    "ops_nav_programmes": {"zh": "方案版本", "en": "Versions"},
    "ops_programmes_title": {"zh": "方案版本", "en": "Programme versions"},
    "ops_programmes_intro": {
        "zh": "改动一个数值（比例、上限、等级门槛、市场手续费、PLUS 价格）会生成新版本，"
              "从所选日期（{zone} 当地时间零点）起生效。之前发生的事件仍按当时的版本计算，"
              "已记入账本的流水不会改变。",
        "en": "Changing a figure (a rate, a cap, a tier threshold, the market fee, the PLUS "
              "price) makes a new version that applies from the chosen day (midnight, {zone} "
              "time). Earlier events keep the figures of their time and no ledger entry "
              "already written changes.",
    },
    "ops_figures_title": {"zh": "现行数值", "en": "Figures"},
    "ops_col_figure": {"zh": "数值项", "en": "Figure"},
    "ops_col_file": {"zh": "初始（版本 1）", "en": "File (version 1)"},
    "ops_col_now": {"zh": "当前生效", "en": "In force"},
    "ops_col_latest": {"zh": "最新版本", "en": "Latest version"},
    "ops_new_version": {"zh": "新建版本", "en": "New version"},
    "ops_new_version_intro": {
        "zh": "新版本以最新版本为基础，只记录改动的数值；最早从明天开始生效。",
        "en": "A new version starts from the latest one and keeps only what it changes; it "
              "starts tomorrow at the earliest.",
    },
    "ops_field_figure": {"zh": "数值项", "en": "Figure"},
    "ops_field_new_value": {"zh": "新数值", "en": "New value"},
    "ops_field_effective_from": {"zh": "生效日期", "en": "Effective from"},
    "ops_add_change": {"zh": "加入改动", "en": "Add the change"},
    "ops_remove_change": {"zh": "移除", "en": "Remove"},
    "ops_pending_title": {"zh": "与上一版本相比", "en": "Against the previous version"},
    "ops_pending_empty": {"zh": "还没有改动：选择数值项并填写新数值。",
                          "en": "No change yet: pick a figure and give its new value."},
    "ops_col_before": {"zh": "原数值", "en": "Before"},
    "ops_col_after": {"zh": "新数值", "en": "After"},
    "ops_save_version": {"zh": "保存版本", "en": "Save the version"},
    "ops_version_saved": {"zh": "版本 {number} 已保存，{day} 起生效。",
                          "en": "Version {number} saved; it applies from {day}."},
    "ops_another_version": {"zh": "再建一个版本", "en": "Another version"},
    "ops_history_title": {"zh": "版本历史", "en": "History"},
    "ops_version_title": {"zh": "版本 {number}", "en": "Version {number}"},
    "ops_version_file": {"zh": "版本 1：方案文件", "en": "Version 1: the programme file"},
    "ops_version_from": {"zh": "{day} 起", "en": "from {day}"},
    "ops_version_by": {"zh": "{name} 于 {at} 创建", "en": "made by {name} at {at}"},
    "ops_status_in_force": {"zh": "生效中", "en": "In force"},
    "ops_status_scheduled": {"zh": "待生效", "en": "Scheduled"},
    "ops_status_past": {"zh": "已结束", "en": "Past"},
    "ops_status_superseded": {"zh": "已被同日新版本取代", "en": "Replaced before it started"},
    "ops_err_pick_figure": {"zh": "请先选择数值项", "en": "Pick a figure first"},
    "ops_err_figure_whole": {"zh": "{key}：请输入非负整数", "en": "{key}: a whole number"},
    "ops_err_figure_decimal": {"zh": "{key}：请输入小数，例如 0.85",
                               "en": "{key}: a decimal such as 0.85"},
    "ops_err_no_changes": {"zh": "请至少加入一项改动", "en": "Add at least one change"},
    "ops_err_pick_day": {"zh": "请选择生效日期", "en": "Pick the day it applies from"},
    "ops_err_version_order": {
        "zh": "已有更晚生效的版本：新版本只能从那一天或之后开始",
        "en": "A later version exists: a new one starts on its day or after",
    },
    "ops_err_version_changed": {
        "zh": "在你编辑期间，其他管理员保存了新版本。请查看最新数值后重新填写",
        "en": "Another admin saved a version while you were editing: review the new figures "
              "and make the change again",
    },
    "ops_err_figure": {"zh": "{key}：{problem}", "en": "{key}: {problem}"},
    "ops_err_effective_from": {"zh": "生效日期最早为 {day}（明天）",
                               "en": "The earliest day is {day} (tomorrow)"},
}
