MESSAGES = {
    "signin_title": {"zh": "每日签到", "en": "Daily sign-in"},
    "signin_button": {"zh": "立即签到", "en": "Sign in now"},
    "signin_done_button": {"zh": "今日已签到", "en": "Signed in today"},
    "signin_earned": {"zh": "签到成功，获得 {reward} {points_name}", "en": "Signed in: +{reward} {points_name}"},
    "signin_already": {"zh": "今天已经签过到了，明天再来", "en": "Already signed in today, come back tomorrow"},
    "streak_current": {"zh": "连续签到", "en": "Current streak"},
    "streak_longest": {"zh": "最长连续", "en": "Longest streak"},
    "days_unit": {"zh": "{days} 天", "en": "{days} days"},
    "reward_ladder": {"zh": "签到奖励", "en": "Rewards by streak day"},
    "ladder_day": {"zh": "第{day}天", "en": "Day {day}"},
    "calendar_title": {"zh": "{month}签到日历", "en": "Sign-ins in {month}"},
    "weekdays": {"zh": "一,二,三,四,五,六,日", "en": "Mo,Tu,We,Th,Fr,Sa,Su"},
}
