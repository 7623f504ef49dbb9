"""PLUS page: status, benefits, plans and results."""

MESSAGES = {
    "plus_title": {"zh": "PLUS 会员", "en": "PLUS membership"},
    "plus_active": {"zh": "PLUS 会员生效中", "en": "PLUS is active"},
    "plus_inactive": {"zh": "尚未开通 PLUS", "en": "You are not a PLUS member yet"},
    "plus_ends_on": {"zh": "有效期至 {date}", "en": "Active until {date}"},
    "plus_pitch": {
        "zh": "无需成长值，立享高等级权益",
        "en": "High-tier benefits, no growth score needed",
    },
    "plus_benefits": {"zh": "会员权益", "en": "Benefits"},
    "plus_benefit_rebate": {"zh": "购物 10 倍返京豆", "en": "10x bean rebate on shopping"},
    "plus_benefit_coupon_pack": {
        "zh": "每月优惠券礼包（限量）",
        "en": "Monthly coupon pack (limited)",
    },
    "plus_benefit_free_shipping": {
        "zh": "每月 {count} 张免运费券",
        "en": "{count} free-shipping vouchers a month",
    },
    "plus_benefit_video": {"zh": "爱奇艺 VIP 月卡", "en": "iQiyi VIP month"},
    "plus_benefit_hotline": {"zh": "24 小时专属客服", "en": "24-hour hotline"},
    "plus_benefit_return": {"zh": "免费上门退换", "en": "Free return pickup"},
    "plus_join": {"zh": "开通与续费", "en": "Join or renew"},
    # PLUS savings (SPEC 13): amounts come formatted (¥36.40), counts as numbers.
    "plus_savings": {"zh": "PLUS 省钱账单", "en": "What PLUS saved you"},
    "plus_saved_this_year": {"zh": "今年已为你省 {saved}", "en": "{saved} saved this year"},
    "plus_would_have_saved": {
        "zh": "开通 PLUS，过去 12 个月可多省 {saved}",
        "en": "PLUS would have saved you {saved} over the last 12 months",
    },
    "plus_saved_beans": {"zh": "多返京豆 {count} 个", "en": "Extra JD beans: {count}"},
    "plus_saved_shipping": {"zh": "免运费券已用 {count} 张",
                            "en": "Free-shipping vouchers used: {count}"},
    "plus_saved_pack": {"zh": "会员券包已用 {count} 张", "en": "Coupon-pack coupons used: {count}"},
    "plus_saved_video": {"zh": "爱奇艺 VIP 月卡 {count} 个", "en": "iQiyi VIP months: {count}"},
    "plus_fee_paid": {"zh": "已付年费", "en": "Fees paid"},
    "plus_fee_would": {"zh": "年费", "en": "Annual fee"},
    "plus_ahead": {"zh": "已比年费多省 {amount}", "en": "{amount} more than the fee"},
    "plus_to_go": {"zh": "再省 {amount} 即可回本", "en": "{amount} to go to earn back the fee"},
    "plus_since_joining": {"zh": "开通以来共省 {saved}，已付年费 {fee}",
                           "en": "Since joining: {saved} saved, {fee} paid in fees"},
    "plus_savings_rule": {
        "zh": "京豆按 100 京豆 = 1 元计，已扣除退款；券按面值计，只算你本人用掉的 PLUS 券；"
              "月卡按积分商城售价计",
        "en": "Beans at 100 beans = ¥1, net of refunds; coupons at face value, only the PLUS "
              "coupons you used yourself; the VIP month at its catalog price",
    },
    "plus_savings_prospect_rule": {
        "zh": "按你过去 12 个月的订单计算（已扣除退款），每月免运费券和会员券包另计",
        "en": "From your own orders of the last 12 months, net of refunds; free-shipping "
              "vouchers and the monthly coupon pack come on top",
    },
    "plus_renew_title": {"zh": "续费", "en": "Renew"},
    "plus_annual": {"zh": "年卡 {fee}/年", "en": "Annual {fee}/year"},
    "plus_annual_button": {"zh": "立即开通", "en": "Join now"},
    "plus_renew_button": {"zh": "续费一年", "en": "Renew for a year"},
    "plus_renew_hint": {
        "zh": "续费后有效期顺延 {days} 天",
        "en": "Renewing adds {days} days to your end date",
    },
    "plus_trial": {"zh": "{days} 天免费试用", "en": "{days}-day free trial"},
    "plus_trial_hint": {"zh": "每位会员限一次", "en": "Once per member"},
    "plus_trial_button": {"zh": "免费试用", "en": "Start trial"},
    "plus_trial_used": {"zh": "已试用", "en": "Trial used"},
    "plus_code": {"zh": "兑换码开通", "en": "Redeem a code"},
    "plus_code_placeholder": {"zh": "输入 PLUS 兑换码", "en": "Enter your PLUS code"},
    "plus_code_button": {"zh": "兑换", "en": "Redeem"},
    "plus_code_missing": {"zh": "请输入兑换码", "en": "Please enter a code"},
    "plus_paid_via": {
        "zh": "在线支付，付款后立即生效",
        "en": "Pay online; PLUS starts as soon as you have paid",
    },
    "plus_joined_annual": {
        "zh": "已开通 PLUS 年卡，有效期至 {date}",
        "en": "PLUS annual is on, until {date}",
    },
    "plus_joined_trial": {
        "zh": "试用已开通，有效期至 {date}",
        "en": "Your trial is on, until {date}",
    },
    "plus_joined_code": {
        "zh": "兑换成功，PLUS 有效期至 {date}",
        "en": "Code redeemed: PLUS until {date}",
    },
    "plus_open_link": {"zh": "PLUS 会员", "en": "PLUS membership"},
}
