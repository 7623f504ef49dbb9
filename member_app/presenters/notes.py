"""The notes `rules explain` writes (English: the SPEC 10 contract), in the reader's language.

Shared by the console's trace (presenters/ops.py) and the member's explain page.
"""

from __future__ import annotations

import re

from member_app.i18n import normalize_locale

# The notes `rules explain` writes (rules/*.py, in English: the SPEC 10 contract), in Chinese.
# A note no pattern knows stays as rules wrote it; tests/member_app/test_presenters_ops.py
# checks every note rules can write has its pattern.
NOTES_ZH = (
    (re.compile(r"order (.+) already paid; counted once"), "订单 {0} 已支付过，只计一次"),
    (re.compile(r"monthly shopping cap of (\d+) reached"), "已达每月购物上限 {0}"),
    (re.compile(r"monthly life cap of (\d+) reached"), "已达每月生活缴费上限 {0}"),
    (re.compile(r"already signed in that day"), "当天已签到"),
    (re.compile(r"streak day (\d+)"), "连续签到第 {0} 天"),
    (re.compile(r"refund of an unknown order: no effect"), "未知订单的退款：不计"),
    (re.compile(r"special order: earns no experience or miles"), "特价订单：不计经验值和里程"),
    (re.compile(r"daily interaction cap of (\d+) reached"), "已达每日互动上限 {0}"),
    (re.compile(r"latest (\w+) trip: carries the category bonus"), "最近一次{0}出行：享受品类加成"),
    (re.compile(r"PLUS member: rebate x(.+)"), "PLUS 会员：返利 {0} 倍"),
    (re.compile(r"this order was already reviewed this way"), "该订单已用同样方式评价过"),
    (re.compile(r"streak freeze for (\S+), a day not yet come: no effect"),
     "{0} 的连签保护：日期未到，不计"),
    (re.compile(r"streak freeze for (\S+), a signed-in day: no effect"),
     "{0} 的连签保护：当天已签到，不计"),
    (re.compile(r"a second streak freeze in (\S+): no effect"), "{0} 已用过连签保护：不计"),
    (re.compile(r"streak freeze: (\S+) forgiven"), "连签保护：{0} 未签到不中断"),
    # collect-to-claim (rules.bubbles): on the collection, then on the offering event
    (re.compile(r"no bubble (.+) on offer: nothing collected"), "没有待领取的气泡 {0}：不计"),
    (re.compile(r"bubble (.+) already collected: nothing more"), "气泡 {0} 已领取过：不再计入"),
    (re.compile(r"bubble (.+) lapsed after (\S+): nothing collected"),
     "气泡 {0} 已于 {1} 后过期：未领取"),
    (re.compile(r"bubble (.+) is worth nothing after refunds"), "气泡 {0} 因退款已无积分"),
    (re.compile(r"collected the (\S+) bubble of (.+)"), "领取了 {1} 的{0}气泡"),
    (re.compile(r"bubble of (\d+) collected"), "{0} 积分气泡已领取"),
    (re.compile(r"bubble refunded away"), "气泡因退款作废"),
    (re.compile(r"bubble lapsed uncollected after (\S+)"), "气泡未领取，已于 {0} 后过期"),
    (re.compile(r"bubble of (\d+) waiting until (\S+)"), "{0} 积分气泡待领取，截至 {1}"),
)
TRIP_ZH = {"hotel": "酒店", "ticket": "门票", "flight": "机票", "train": "火车", "car": "用车",
           "sign_in": "签到", "order": "订单补贴"}


# A member does not know the internal ids bubbles go by: their notes, said without them.
MEMBER_NOTES = (
    (re.compile(r"no bubble (.+) on offer: nothing collected"),
     {"zh": "没有待领取的气泡：不计", "en": "No bubble waiting: nothing collected"}),
    (re.compile(r"bubble (.+) already collected: nothing more"),
     {"zh": "气泡已领取过：不再计入", "en": "Bubble already collected: nothing more"}),
    (re.compile(r"bubble (.+) lapsed after (\S+): nothing collected"),
     {"zh": "气泡已于 {1} 后过期：未领取", "en": "Bubble lapsed after {1}: nothing collected"}),
    (re.compile(r"bubble (.+) is worth nothing after refunds"),
     {"zh": "气泡因退款已无积分", "en": "Bubble worth nothing after refunds"}),
    (re.compile(r"collected the (\S+) bubble of (.+)"),
     {"zh": "领取了{0}气泡", "en": "Collected the {0} bubble"}),
)
MEMBER_WORDS = {"en": {"sign_in": "sign-in", "order": "order bonus"},
                "zh": {"sign_in": "签到", "order": "购物补贴"}}


def member_note(note: str, lang: str) -> str:
    """`note_text` for a member's page: the same, but bubble notes without internal ids."""
    locale = "zh" if normalize_locale(lang) == "zh" else "en"
    for part in note.split("; ") if note else ():
        for pattern, templates in MEMBER_NOTES:
            found = pattern.fullmatch(part)
            if found:
                words = [MEMBER_WORDS[locale].get(g, g) for g in found.groups()]
                note = note.replace(part, templates[locale].format(*words))
                break
    return note_text(note, lang)


def note_text(note: str, lang: str) -> str:
    """A rules note in the reader's language; notes rules joined with "; " part by part."""
    if normalize_locale(lang) != "zh" or not note:
        return note
    for pattern, template in NOTES_ZH:
        found = pattern.fullmatch(note)
        if found:
            return template.format(*(TRIP_ZH.get(part, part) for part in found.groups()))
    if "; " in note:
        return "；".join(note_text(part, lang) for part in note.split("; "))
    return note
