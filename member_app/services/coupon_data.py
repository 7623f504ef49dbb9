"""What each coupon grant is worth, as data (SPEC 4 badges and tier benefits, SPEC 8 PLUS).

Values are [default]: the articles name the grants, not their amounts. Fen throughout.
"""

from __future__ import annotations

# Badge level -> (face value, minimum spend, days valid); the coupon is for that category.
BADGE_COUPONS = {
    "bronze": (500, 5000, 90),
    "silver": (1500, 10000, 90),
    "gold": (5000, 30000, 90),
}
FREE_SHIPPING = {"name": "free_shipping", "face_value_fen": 600, "min_spend_fen": 0,
                 "category": "shipping", "transferable": False}
# The PLUS monthly pack (limited quantity [seed]): these coupons each local month.
PLUS_PACK = (
    {"name": "plus_pack_10_off_99", "face_value_fen": 1000, "min_spend_fen": 9900,
     "category": None, "transferable": True},
    {"name": "plus_pack_20_off_199", "face_value_fen": 2000, "min_spend_fen": 19900,
     "category": None, "transferable": True},
)
# JD tier benefits (SPEC 4). The birthday coupon: once a year, in the member's birthday month,
# valid to the end of that month. The gift pack: once per tier reached, 30 days.
BIRTHDAY_COUPON = {"name": "birthday", "face_value_fen": 1000, "min_spend_fen": 4900,
                   "category": None, "transferable": False}
GIFT_PACK_DAYS = 30
GIFT_PACKS = {  # tier -> (face value, minimum spend)
    "bronze": (1000, 9900),
    "silver": (2000, 19900),
    "gold": (5000, 39900),
    "diamond": (10000, 69900),
}
