"""The forecast page (presenters/forecast.py)."""

MESSAGES = {
    "fc_title": {"zh": "等级预测", "en": "Forecast"},
    "fc_link": {"zh": "预测与规划", "en": "Forecast"},
    "fc_outlook_title": {"zh": "如果不再有新的记录", "en": "If nothing new happens"},
    "fc_outlook_day": {"zh": "{day}起：{growth} {value} · {tier}", "en": "From {day}: {growth} {value} · {tier}"},
    "fc_outlook_none": {"zh": "未来 60 天内，{growth}不会因时间而变化", "en": "Your {growth} does not change with time in the next 60 days"},
    "fc_outlook_none_jd": {"zh": "未来 60 天内的结算中，{growth}不会因时间而变化", "en": "Your {growth} does not change with time at the settlements of the next 60 days"},
    "fc_goal_tier": {"zh": "目标等级", "en": "Tier"},
    "fc_goal_by": {"zh": "在此日期前", "en": "By"},
    "fc_goal_invalid": {"zh": "请选择今天之后一年内的日期", "en": "Pick a day after today, within a year"},
    "fc_goal_go": {"zh": "计算", "en": "Work it out"},
    "fc_plan_title": {"zh": "{day}前达到{tier}的最少消费", "en": "The least spending to be {tier} by {day}"},
    "fc_order_today": {"zh": "今天下单 {amount}", "en": "Spend {amount} today"},
    "fc_order_on": {"zh": "{day}下单 {amount}", "en": "Spend {amount} on {day}"},
    "fc_plan_total": {"zh": "共 {amount}，{day}起即为{tier}", "en": "{amount} in all: {tier} from {day}"},
    "fc_plan_nothing": {"zh": "无需再消费：{day}时已是{tier}", "en": "Nothing more to spend: you are {tier} on {day}"},
    "fc_plan_none": {"zh": "仅靠消费无法在{day}前达到{tier}", "en": "Spending alone cannot make you {tier} by {day}"},
    "fc_jd_headline": {"zh": "预计{day}结算{growth} {score}（较上次结算 {change}）", "en": "Forecast {growth} on {day}: {score} ({change} from the last settlement)"},
    "fc_jd_none": {"zh": "下次结算的预测暂不可用", "en": "No forecast of the next settlement yet"},
    "fc_risk_restricts": {"zh": "冻结权益", "en": "restricts"},
    "fc_jd_parts": {"zh": "各部分：上次 → 预计", "en": "Part by part: last → next"},
}
