"""Every visible static string, in both locales. A test checks that both have every key."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "app_title": {"zh": "会员中心", "en": "Member Centre"},
    "growth": {"zh": "成长值", "en": "Growth"},
    "current_tier": {"zh": "当前等级", "en": "Current tier"},
    "to_next": {"zh": "还差 {points} {growth}升级为{tier}", "en": "{points} more {growth} to reach {tier}"},
    "top_tier": {"zh": "您已是最高等级", "en": "You are at the top tier"},
    "needs_invitation": {"zh": "成长值已达标，受邀即可升级为{tier}", "en": "Growth reached: {tier} is by invitation"},
    "drops_on": {"zh": "若无新增{growth}，{day}起等级将下降", "en": "Without new {growth}, your tier drops on {day}"},
    "demo_members": {"zh": "演示会员", "en": "Demo members"},
    "language": {"zh": "English", "en": "中文"},
    "loading": {"zh": "加载中…", "en": "Loading…"},
    "member_not_found": {"zh": "找不到该会员", "en": "Member not found"},
    "breakdown": {"zh": "成长值来源", "en": "Where growth came from"},
    "restricted": {"zh": "账户存在风险，等级权益已冻结", "en": "Account at risk: tier benefits are frozen"},
    "last_settlement": {"zh": "{day}结算 · 每月1日更新", "en": "Settled {day} · updated on the 1st"},
    "program_jd": {"zh": "京东 · 京享值", "en": "JD · JD Score"},
    "program_fliggy": {"zh": "飞猪 · 里程会员", "en": "Fliggy · Travel"},
    "program_alipay": {"zh": "支付宝 · 会员", "en": "Alipay · Membership"},
}
