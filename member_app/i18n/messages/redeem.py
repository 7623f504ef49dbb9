"""Redeem page: spending ways, prices, stock, odds, results; store error messages."""

MESSAGES = {
    "rdm_title": {"zh": "积分兑换", "en": "Redeem points"},
    "rdm_balance": {"zh": "可用{points_name} {points}", "en": "{points} {points_name} available"},
    "rdm_kind_own": {"zh": "虚拟好物", "en": "Virtual goods"},
    "rdm_kind_own_hint": {"zh": "纯积分兑换，即时到账", "en": "Points only, delivered at once"},
    "rdm_kind_points_cash": {"zh": "积分 + 现金", "en": "Points + cash"},
    "rdm_kind_points_cash_hint": {
        "zh": "现金部分通过支付渠道付款",
        "en": "The cash part is paid through the payment provider",
    },
    "rdm_kind_activity": {"zh": "趣味活动", "en": "Games"},
    "rdm_kind_activity_hint": {
        "zh": "中奖概率与期望值公开透明",
        "en": "Odds and expected value are published",
    },
    "rdm_kind_jd_bean": {"zh": "京豆专享", "en": "JD beans only"},
    "rdm_kind_jd_bean_hint": {
        "zh": "抵现、话费、流量、兑券",
        "en": "Checkout cash, top-up, data, coupons",
    },
    "rdm_price_points": {"zh": "{points} {points_name}", "en": "{points} {points_name}"},
    "rdm_price_cash": {"zh": "+ {cash}", "en": "+ {cash}"},
    "rdm_stock_left": {"zh": "剩余 {stock}", "en": "{stock} left"},
    "rdm_stock_unlimited": {"zh": "库存充足", "en": "In stock"},
    "rdm_sold_out": {"zh": "已兑完", "en": "Sold out"},
    "rdm_limit": {"zh": "每人限 {limit} 次", "en": "Limit {limit} per member"},
    "rdm_button": {"zh": "兑换", "en": "Redeem"},
    "rdm_play_button": {"zh": "参与", "en": "Play"},
    "rdm_odds_title": {"zh": "奖品与概率", "en": "Prizes and odds"},
    "rdm_prize_none": {"zh": "未中奖", "en": "No prize"},
    "rdm_prize_points": {"zh": "{points} {points_name}", "en": "{points} {points_name}"},
    "rdm_expected_value": {
        "zh": "期望回报 {value}，门票 {fee}",
        "en": "Expected payout {value} for a {fee} ticket",
    },
    "rdm_success": {
        "zh": "兑换成功：{item}，消耗 {spent} {points_name}，当前余额 {balance}",
        "en": "Redeemed {item}: {spent} {points_name} spent, balance now {balance}",
    },
    "rdm_success_cash": {"zh": "已支付 {cash}", "en": "{cash} paid"},
    "rdm_prize_won": {
        "zh": "恭喜获得 {prize} {points_name}！",
        "en": "You won {prize} {points_name}!",
    },
    "rdm_prize_lost": {"zh": "很遗憾，这次没有中奖", "en": "No prize this time"},
    "store_error_insufficient_points": {"zh": "积分不足", "en": "Not enough points"},
    "store_error_out_of_stock": {"zh": "已兑完，库存不足", "en": "Sold out"},
    "store_error_limit_reached": {
        "zh": "已达到每人兑换上限",
        "en": "You have reached the per-member limit",
    },
    "store_error_payment_declined": {
        "zh": "支付失败，未扣除积分",
        "en": "Payment declined; no points were taken",
    },
    "store_error_payment_pending": {
        "zh": "支付处理中，请稍后查看",
        "en": "Payment pending; check again later",
    },
    "store_error_sold": {
        "zh": "手慢了，该卡券已售出",
        "en": "Too late: this coupon was already sold",
    },
    "store_error_own_listing": {
        "zh": "不能购买自己挂售的卡券",
        "en": "You cannot buy your own listing",
    },
    "store_error_trial_used": {
        "zh": "每位会员只能试用一次 PLUS",
        "en": "The PLUS trial can be used only once",
    },
    "store_error_code_used": {"zh": "该兑换码已被使用", "en": "This code has already been used"},
    "store_error_unknown_code": {"zh": "兑换码无效", "en": "This code is not valid"},
    "store_error_price_above_face_value": {
        "zh": "价格不能高于面值",
        "en": "The price cannot exceed the face value",
    },
    "store_error_already_listed": {"zh": "该卡券已在挂售中", "en": "This coupon is already listed"},
    "store_error_not_transferable": {
        "zh": "该卡券不可转让",
        "en": "This coupon cannot be transferred",
    },
    "store_error_transfer_locked": {
        "zh": "刚购入的卡券 24 小时内不可转让",
        "en": "A coupon just bought cannot be resold for 24 hours",
    },
    "store_error_coupon_not_available": {
        "zh": "该卡券已使用或已过期",
        "en": "This coupon is used or expired",
    },
    "store_error_unknown_item": {"zh": "该商品已下架", "en": "This item is no longer available"},
    "store_error_unknown_listing": {"zh": "该挂售已结束", "en": "This listing has ended"},
    "store_error_unknown_coupon": {"zh": "找不到该卡券", "en": "Coupon not found"},
    "store_error_invalid_input": {"zh": "输入有误，请检查后重试", "en": "Please check your input"},
    "store_error_idempotency_key_reused": {
        "zh": "请求重复，请重试",
        "en": "Duplicate request, please retry",
    },
}
