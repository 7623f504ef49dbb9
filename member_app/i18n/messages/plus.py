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
