"""Redeem page: spending ways, prices, stock, odds, games, history; store error messages."""

MESSAGES = {
    "rdm_title": {"zh": "兑换中心", "en": "Rewards"},
    "rdm_balance": {"zh": "可用{points_name} {points}", "en": "{points} {points_name} available"},
    "rdm_kind_own": {"zh": "{points_name}好物", "en": "Rewards for {points_name}"},
    "rdm_kind_own_hint": {
        "zh": "只用{points_name}兑换，即时到账",
        "en": "{points_name} only, delivered at once",
    },
    "rdm_kind_points_cash": {"zh": "{points_name} + 现金", "en": "{points_name} + cash"},
    "rdm_kind_points_cash_hint": {
        "zh": "{points_name}抵一部分，其余在收银台付款",
        "en": "{points_name} pay part of it, the rest is paid at checkout",
    },
    "rdm_kind_activity": {"zh": "趣味游戏", "en": "Games"},
    "rdm_kind_activity_hint": {
        "zh": "每个奖品的中奖概率和平均回报都写在下面，每次抽奖都可核验",
        "en": "Each prize's chance and the average return are shown; every draw can be checked",
    },
    "rdm_kind_jd_bean": {"zh": "京豆专享", "en": "JD beans only"},
    "rdm_kind_jd_bean_hint": {
        "zh": "抵现、话费、流量、满减券（{points_name}）",
        "en": "Checkout cash, top-up, data and coupons for {points_name}",
    },
    "rdm_price_points": {"zh": "{points} {points_name}", "en": "{points} {points_name}"},
    "rdm_price_cash": {"zh": "+ {cash}", "en": "+ {cash}"},
    "rdm_stock_left": {"zh": "剩余 {stock}", "en": "{stock} left"},
    "rdm_stock_unlimited": {"zh": "库存充足", "en": "In stock"},
    "rdm_sold_out": {"zh": "已兑完", "en": "Sold out"},
    "rdm_limit": {"zh": "每人限 {limit} 次", "en": "Limit {limit} per member"},
    "rdm_short": {"zh": "还差 {missing} {points_name}", "en": "{missing} {points_name} short"},
    "rdm_button": {"zh": "兑换", "en": "Redeem"},
    "rdm_play_button": {"zh": "去玩", "en": "Play"},
    "rdm_odds_title": {"zh": "奖品与中奖概率", "en": "Prizes and chances"},
    "rdm_prize_none": {"zh": "未中奖", "en": "No prize"},
    "rdm_prize_points": {"zh": "{points} {points_name}", "en": "{points} {points_name}"},
    "rdm_expected_value": {
        "zh": "平均每次回报 {value}，门票 {fee}",
        "en": "On average a ticket returns {value}; it costs {fee}",
    },
    "rdm_guess_odds_note": {
        "zh": "概率按猜测值距价格区间两端至少 {within} 计算",
        "en": "Chances for a guess at least {within} from either end of the range",
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
    "rdm_game_won": {"zh": "恭喜！获得 {prize}", "en": "You won {prize}!"},
    "rdm_ticket_scratch": {"zh": "一张刮刮卡（开奖结果已定）", "en": "One scratch card (its prize is already drawn)"},
    "rdm_ticket_guess": {"zh": "一次猜价格机会", "en": "One guess at the price"},
    "rdm_ticket_bought_scratch": {
        "zh": "已支付 {spent} {points_name}。刮开下面的涂层看看结果",
        "en": "{spent} {points_name} paid. Scratch the cover below to see your prize",
    },
    "rdm_ticket_bought_guess": {
        "zh": "已支付 {spent} {points_name}，价格揭晓",
        "en": "{spent} {points_name} paid: here is the price",
    },
    "rdm_scratch_hint": {
        "zh": "点按涂层上的格子，把它刮开",
        "en": "Tap the patches of the cover to scratch them off",
    },
    "rdm_scratch_cell": {"zh": "刮开这一格", "en": "Scratch this patch"},
    "rdm_scratch_all": {"zh": "全部刮开", "en": "Scratch it all"},
    "rdm_guess_label": {"zh": "你的猜测（元）", "en": "Your guess (yuan)"},
    "rdm_guess_range": {"zh": "价格在 {low} 到 {high} 之间", "en": "The price is between {low} and {high}"},
    "rdm_guess_tier": {"zh": "相差不超过 {within} 得 {prize}", "en": "within {within} wins {prize}"},
    "rdm_guess_tier_joiner": {"zh": "；", "en": "; "},
    "rdm_guess_placeholder": {"zh": "{low} – {high}", "en": "{low} – {high}"},
    "rdm_guess_invalid": {
        "zh": "请输入价格区间内的整数金额",
        "en": "Enter a whole number of yuan within the range",
    },
    "rdm_guess_outcome": {
        "zh": "实际价格 {price}，你猜 {guess}，相差 {off}",
        "en": "The price was {price}, you guessed {guess}: {off} off",
    },
    "rdm_verify_title": {"zh": "核验这次抽奖", "en": "Check this draw"},
    "rdm_verify_commitment": {"zh": "抽奖前公布的承诺", "en": "Commitment shown before the draw"},
    "rdm_verify_commitment_before": {
        "zh": "本次抽奖的承诺（确认前已锁定，开奖后可核验）",
        "en": "This draw's commitment (fixed before you confirm; check it after the draw)",
    },
    "rdm_verify_seed": {"zh": "开奖后公开的种子", "en": "Seed revealed after the draw"},
    "rdm_verify_redemption": {"zh": "兑换编号", "en": "Redemption number"},
    "rdm_verify_how": {
        "zh": "核验方法：① 计算种子的 SHA-256，应与抽奖前公布的承诺一致；② 以种子为密钥，"
              "计算“兑换编号:0”的 HMAC-SHA256，把结果当作整数除以奖池总权重（猜价格为价格个数）"
              "取余数：刮刮卡按奖品表的权重顺序对应奖品，猜价格则是最低价加上余数。也可以运行：",
        "en": "How to check: (1) the SHA-256 of the seed must equal the commitment shown before "
              "the draw; (2) with the seed as the key, the HMAC-SHA256 of \"redemption "
              "number:0\", read as a whole number and divided by the total weight (for a guess, "
              "the number of possible prices), leaves a remainder: on a scratch card it picks "
              "the prize by the weights in order; for a guess the price is the lowest price "
              "plus it. Or run:",
    },
    "rdm_history_title": {"zh": "兑换记录", "en": "Your redemptions"},
    "rdm_history_empty": {
        "zh": "还没有兑换记录，挑一件喜欢的试试吧",
        "en": "Nothing redeemed yet: pick something you like above",
    },
    "rdm_history_more": {"zh": "查看更多", "en": "Show more"},
    "rdm_history_spent": {"zh": "−{points} {points_name}", "en": "−{points} {points_name}"},
    "rdm_history_quantity": {"zh": "× {quantity}", "en": "× {quantity}"},
    "rdm_history_won": {"zh": "中奖 {prize} {points_name}", "en": "Won {prize} {points_name}"},
    "rdm_status_completed": {"zh": "已完成", "en": "Completed"},
    "rdm_status_pending": {"zh": "支付处理中", "en": "Payment pending"},
    "rdm_status_released": {"zh": "已退回", "en": "Returned"},
    "rdm_picture": {"zh": "商品图片", "en": "Item picture"},
    "store_error_insufficient_points": {
        "zh": "{points_name}不足",
        "en": "Not enough {points_name}",
    },
    "store_error_insufficient_balance": {"zh": "余额不足", "en": "Your balance is too low"},
    "store_error_out_of_stock": {"zh": "已兑完，库存不足", "en": "Sold out"},
    "store_error_price_changed": {
        "zh": "价格刚刚调整，本次未扣{points_name}，请重新打开查看新价格",
        "en": "The price has just changed and no {points_name} were spent: open the item again "
              "to see it",
    },
    "store_error_fee_changed": {
        "zh": "价格刚刚调整，本次未扣款，请重新打开查看新价格",
        "en": "The price has just changed and nothing was charged: open it again to see the "
              "new price",
    },
    "store_error_limit_reached": {
        "zh": "已达到每人兑换上限",
        "en": "You have reached the per-member limit",
    },
    "store_error_payment_declined": {
        "zh": "支付失败，未扣除任何费用",
        "en": "Payment declined; nothing was taken",
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
    "store_error_nothing_to_freeze": {
        "zh": "现在没有可以保住的连签（本月已用过，或昨天已签到）",
        "en": "There is no streak to keep now (this month's freeze is used, or yesterday was signed)",
    },
    "store_error_transfer_locked": {
        "zh": "刚购入的卡券还在转让锁定期内，暂时不能出售",
        "en": "A coupon just bought is still in its resale lock and cannot be sold yet",
    },
    "store_error_coupon_not_available": {
        "zh": "该卡券已使用或已过期",
        "en": "This coupon is used or expired",
    },
    "store_error_unknown_item": {"zh": "该商品已下架", "en": "This item is no longer available"},
    "store_error_unknown_listing": {"zh": "该挂售已结束", "en": "This listing has ended"},
    "store_error_unknown_coupon": {"zh": "找不到该卡券", "en": "Coupon not found"},
    "store_error_invalid_input": {"zh": "输入有误，请检查后重试", "en": "Please check your input"},
    "store_error_invalid_guess": {"zh": "请在给出的价格范围内猜一个整数价格", "en": "Guess a whole-yuan price inside the range shown"},
    "store_error_idempotency_key_reused": {
        "zh": "请求重复，请重试",
        "en": "Duplicate request, please retry",
    },
}
