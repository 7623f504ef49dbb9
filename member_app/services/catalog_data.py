"""The standard catalog (SPEC 6 spending ways), as data. `program` None = every program.

Prices are points; `cash_fen` is the cash leg of merchant goods. Games publish their prizes.
"""

from __future__ import annotations

from typing import Any

STANDARD_ITEMS: tuple[dict[str, Any], ...] = (
    {"code": "video_vip_month", "kind": "own", "program": None, "points": 1500,
     "name_zh": "视频会员月卡", "name_en": "Video-site VIP month", "stock": 500,
     "per_member_limit": 1},
    {"code": "tree_donation", "kind": "own", "program": None, "points": 200,
     "name_zh": "公益种树", "name_en": "Plant a tree (donation)"},
    {"code": "earbuds_points_cash", "kind": "points_cash", "program": None, "points": 2000,
     "cash_fen": 3900, "name_zh": "蓝牙耳机（积分+39元）", "name_en": "Earbuds (points + 39 yuan)",
     "stock": 100, "per_member_limit": 2},
    {"code": "scratch_card", "kind": "activity", "program": None, "points": 100,
     "name_zh": "刮刮卡", "name_en": "Scratch card",
     "game": {"prizes": [{"points": 0, "weight": 70}, {"points": 50, "weight": 24},
                         {"points": 300, "weight": 5}, {"points": 1000, "weight": 1}]}},
    {"code": "price_guess", "kind": "activity", "program": None, "points": 50,
     "name_zh": "猜价格", "name_en": "Guess the price",
     "game": {"prizes": [{"points": 0, "weight": 60}, {"points": 60, "weight": 35},
                         {"points": 150, "weight": 5}]}},
    {"code": "jd_cash_deduction_5", "kind": "jd_bean", "program": "jd", "points": 500,
     "name_zh": "京豆抵现5元", "name_en": "5 yuan off at checkout"},
    {"code": "jd_phone_topup_10", "kind": "jd_bean", "program": "jd", "points": 1000,
     "name_zh": "话费充值10元", "name_en": "Phone top-up 10 yuan", "per_member_limit": 5},
    {"code": "jd_mobile_data_1g", "kind": "jd_bean", "program": "jd", "points": 600,
     "name_zh": "手机流量1GB", "name_en": "Mobile data 1 GB"},
    {"code": "jd_coupon_exchange_10", "kind": "jd_bean", "program": "jd", "points": 900,
     "name_zh": "兑换满99减10券", "name_en": "Exchange for a 10-off-99 coupon", "stock": 1000},
)
