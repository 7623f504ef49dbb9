"""The confirmation sheet of every spending action, its payment step, and offline."""

MESSAGES = {
    "spend_check": {"zh": "请确认以下内容", "en": "Please check before you confirm"},
    "spend_you_pay": {"zh": "你将支付", "en": "You pay"},
    "spend_you_get": {"zh": "你将获得", "en": "You get"},
    "spend_confirm_redeem": {"zh": "确认兑换", "en": "Confirm redemption"},
    "spend_confirm_play": {"zh": "确认参与", "en": "Confirm and play"},
    "spend_confirm_buy": {"zh": "确认购买", "en": "Confirm purchase"},
    "spend_confirm_join": {"zh": "确认开通", "en": "Confirm and join"},
    "spend_confirm_trial": {"zh": "确认开始试用", "en": "Start the trial"},
    "spend_cancel": {"zh": "取消", "en": "Cancel"},
    "spend_close": {"zh": "关闭", "en": "Close"},
    "spend_done": {"zh": "已完成", "en": "Done"},
    "spend_working": {"zh": "处理中…", "en": "Working…"},
    "spend_points": {"zh": "{points} {points_name}", "en": "{points} {points_name}"},
    "spend_balance_after": {
        "zh": "确认后余额 {balance} {points_name}",
        "en": "Balance afterwards: {balance} {points_name}",
    },
    "spend_short": {
        "zh": "余额 {balance} {points_name}，还差 {missing}",
        "en": "Your balance is {balance} {points_name}: {missing} short",
    },
    "spend_game_draw_scratch": {
        "zh": "确认后当场开奖：刮开涂层即可看到奖品，中奖所得自动到账",
        "en": "Drawn as you confirm: scratch the cover to see the prize, paid in at once",
    },
    "spend_game_draw_guess": {
        "zh": "价格在你确认时抽出，与你的猜测对比后立即揭晓",
        "en": "The price is drawn as you confirm and set against your guess at once",
    },
    "spend_nothing": {"zh": "无需付费", "en": "Nothing to pay"},
    "spend_plus_annual": {"zh": "PLUS 年卡 {days} 天", "en": "PLUS annual membership, {days} days"},
    "spend_plus_trial": {"zh": "PLUS 免费试用 {days} 天", "en": "PLUS free trial, {days} days"},
    "spend_plus_trial_once": {"zh": "每位会员仅可试用一次", "en": "The trial is once per member"},
    "spend_plus_renews_after": {
        "zh": "从当前有效期结束后顺延",
        "en": "It starts when your current period ends",
    },
    "spend_plus_code": {"zh": "兑换码 {code}（使用后失效）", "en": "Code {code} (used up once redeemed)"},
    "spend_plus_code_gets": {"zh": "兑换码对应的 PLUS 会员期", "en": "The PLUS period the code carries"},
    "spend_coupon": {"zh": "卡券：{name}（{face}，{min_spend}）", "en": "Coupon: {name} ({face}, {min_spend})"},
    "spend_coupon_lock": {
        "zh": "买入后 {hours} 小时内不能再次出售",
        "en": "A bought coupon cannot be resold for {hours} hours",
    },
    "spend_cash": {"zh": "现金 {cash}", "en": "{cash} in cash"},
    "spend_payment_title": {"zh": "支付方式：演示收银台", "en": "Payment: demo checkout"},
    "spend_payment_hint": {
        "zh": "这是演示支付，不会真实扣款。请选择这次支付的结果：",
        "en": "This is a demo payment: no real money moves. Choose how it turns out:",
    },
    "spend_payment_pay": {"zh": "支付成功", "en": "Payment succeeds"},
    "spend_payment_decline": {"zh": "支付被拒", "en": "Payment is declined"},
    "spend_payment_pending": {"zh": "银行处理中", "en": "Bank still processing"},
    "spend_payment_pay_means": {
        "zh": "支付成功后立即完成，按上方金额扣除",
        "en": "Completes at once; what is listed above is spent",
    },
    "spend_payment_decline_means": {
        "zh": "支付失败时什么都不扣，一切保持不变",
        "en": "If declined, nothing is taken and nothing changes",
    },
    "spend_payment_pending_means": {
        "zh": "所需先冻结；支付成功后完成，失败或超时则全部退回",
        "en": "What it takes is held; it completes if the payment succeeds, and comes back "
              "if it fails or times out",
    },
    "spend_pending_result": {
        "zh": "支付处理中：{points} {points_name} 已冻结，支付成功后完成，失败将退回",
        "en": "Payment pending: {points} {points_name} held; it completes when the payment "
              "succeeds, or they come back",
    },
    "spend_plus_pending_result": {
        "zh": "支付处理中，确认到账后 PLUS 生效",
        "en": "Payment pending: PLUS starts once the payment is confirmed",
    },
    "offline_banner": {
        "zh": "网络已断开：暂时无法兑换或支付，恢复后页面会自动刷新",
        "en": "You are offline: spending is paused, and the page refreshes when you are back",
    },
}
