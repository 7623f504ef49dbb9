#!/usr/bin/env bash
# End-to-end smoke test of the SPEC 11 HTTP API against a running server, with curl.
#
#   scripts/api-smoke.sh [BASE_URL]          (default http://127.0.0.1:3666)
#
# Every row of the SPEC 11 table is exercised, with the error answers it promises. The platform
# token comes from $PLATFORM_TOKEN, else `python -m member_app token --platform` (run with the
# server's MEMBER_APP_DATA_DIR / MEMBER_APP_SECRET so both sign with the same secret).
# Names are unique per run, so it can run again against the same database.
# Exits non-zero at the first unexpected status; prints one line per request.
# tests/member_app/test_api_sequence.py runs the same sequence in-process on both databases.
set -euo pipefail

BASE=${1:-http://127.0.0.1:3666}
API="$BASE/api/v1"
PYTHON=${PYTHON:-.venv/bin/python}
RUN=$(date +%s)$RANDOM
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PASSED=0

PLATFORM_TOKEN=${PLATFORM_TOKEN:-$("$PYTHON" -m member_app token --platform)}

# call EXPECTED METHOD PATH [curl args...]: the body lands in $WORK/body, headers in $WORK/head
call() {
    local expected=$1 method=$2 path=$3
    shift 3
    local status
    status=$(curl -sS -o "$WORK/body" -D "$WORK/head" -w '%{http_code}' -X "$method" \
        "$API$path" "$@")
    if [[ "$status" != "$expected" ]]; then
        echo "FAIL $method $path: expected $expected, got $status" >&2
        python3 -m json.tool < "$WORK/body" >&2 || cat "$WORK/body" >&2
        exit 1
    fi
    PASSED=$((PASSED + 1))
    printf 'ok   %s %-44s %s\n' "$status" "$method $path" "$(head -c 110 "$WORK/body")"
}

# field EXPR: evaluate a Python expression over the last body (`b`) and print it
field() {
    python3 -c "import json,sys; b=json.load(open('$WORK/body')); print($1)"
}

# check EXPR: fail unless the Python expression over the last body is true
check() {
    if [[ "$(field "bool($1)")" != "True" ]]; then
        echo "FAIL check: $1" >&2
        python3 -m json.tool < "$WORK/body" >&2
        exit 1
    fi
}

json=(-H 'Content-Type: application/json')
platform=(-H "Authorization: Bearer $PLATFORM_TOKEN")
seller="seller_$RUN"
buyer="buyer_$RUN"

echo "== members and tokens"
call 201 POST /members "${json[@]}" -d "{\"username\":\"$seller\",\"password\":\"correct horse\",\"program\":\"jd\"}"
call 409 POST /members "${json[@]}" -d "{\"username\":\"$seller\",\"password\":\"correct horse\",\"program\":\"jd\"}"
call 422 POST /members "${json[@]}" -d "{\"username\":\"weak_$RUN\",\"password\":\"short\"}"
call 201 POST /members "${json[@]}" -d "{\"username\":\"$buyer\",\"password\":\"correct horse\",\"program\":\"jd\"}"
buyer_id=$(field 'b["id"]')
call 401 POST /auth/token -d "username=$seller" -d "password=wrong password"
call 200 POST /auth/token -d "username=$seller" -d "password=correct horse"
check 'b["token_type"] == "bearer" and b["expires_in"] > 0'
seller_auth=(-H "Authorization: Bearer $(field 'b["access_token"]')")
call 200 POST /auth/token -d "username=$buyer" -d "password=correct horse"
buyer_auth=(-H "Authorization: Bearer $(field 'b["access_token"]')")

echo "== events (platform)"
events="[
 {\"id\":\"$RUN-o1\",\"member\":\"$seller\",\"type\":\"order_paid\",\"at\":\"2026-10-01T10:00:00+08:00\",\"order_id\":\"$RUN-o1\",\"amount\":\"800.00\",\"category\":\"food\",\"payment\":\"jdpay\"},
 {\"id\":\"$RUN-o2\",\"member\":\"$seller\",\"type\":\"order_paid\",\"at\":\"2026-10-02T10:00:00+08:00\",\"order_id\":\"$RUN-o2\",\"amount\":\"600.00\",\"category\":\"books\",\"payment\":\"other\"},
 {\"id\":\"$RUN-t1\",\"member\":$buyer_id,\"type\":\"task_completed\",\"at\":\"2026-10-03T10:00:00+08:00\",\"task\":\"welcome\",\"growth\":0,\"points\":5000}
]"
call 200 POST /events "${json[@]}" "${platform[@]}" -d "$events"
check 'b == {"accepted": 3, "duplicates": 0}'
call 200 POST /events "${json[@]}" "${platform[@]}" -d "$events"
check 'b == {"accepted": 0, "duplicates": 3}'
call 422 POST /events "${json[@]}" "${platform[@]}" -d "[{\"id\":\"$RUN-bad\",\"member\":\"$buyer\",\"type\":\"order_paid\",\"at\":\"2026-10-03T10:00:00\"}]"
call 403 POST /events "${json[@]}" "${buyer_auth[@]}" -d '[]'
call 401 POST /events "${json[@]}" -d '[]'

echo "== me, sign-in, catalog"
call 200 GET /me "${buyer_auth[@]}"
check 'b["points_balance"] == 5000 and b["tier"] == "registered" and "expiring" in b'
call 401 GET /me
call 200 POST /me/sign-in "${buyer_auth[@]}"
check 'b["signed_in"] and not b["already"]'
call 200 POST /me/sign-in "${buyer_auth[@]}"
check 'b["already"] and b["reward"] == 0'
call 200 GET /catalog "${buyer_auth[@]}"
vip=$(field '[i["id"] for i in b["items"] if i["kind"] == "own"][0]')
earbuds=$(field '[i["id"] for i in b["items"] if i["kind"] == "points_cash"][0]')

echo "== redemptions (Idempotency-Key)"
key="redeem-$RUN"
call 201 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: $key" -d "{\"item_id\":$vip,\"quantity\":1}"
first=$(cat "$WORK/body")
call 201 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: $key" -d "{\"item_id\":$vip,\"quantity\":1}"
grep -qi '^idempotent-replayed: true' "$WORK/head" || { echo "FAIL: not replayed" >&2; exit 1; }
[[ "$(cat "$WORK/body")" == "$first" ]] || { echo "FAIL: replay differs" >&2; exit 1; }
call 422 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: $key" -d "{\"item_id\":$vip,\"quantity\":2}"
check 'b["error"] == "idempotency_key_reused"'
call 409 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: big-$RUN" -d "{\"item_id\":$vip,\"quantity\":100}"
check 'b["error"] in ("insufficient_points", "limit_reached")'
call 404 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: nf-$RUN" -d '{"item_id":999999,"quantity":1}'
call 422 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -d "{\"item_id\":$vip,\"quantity\":1}"

echo "== pending payment (points + cash)"
call 202 POST /me/redemptions "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: pend-$RUN" -d "{\"item_id\":$earbuds,\"quantity\":1,\"payment_token\":\"tok_pending\"}"
check 'b["status"] == "pending"'
order=$(field 'b["order_id"]')
call 200 POST "/payments/$order/confirm" "${platform[@]}"
check 'b["status"] == "pending" and b["changed"] is False'
call 403 POST "/payments/$order/confirm" "${buyer_auth[@]}"
call 404 POST "/payments/no-such-order/confirm" "${platform[@]}"

echo "== coupons and the market"
call 200 GET /me/coupons "${seller_auth[@]}"
coupons=($(field '" ".join(str(c["id"]) for c in b["unused"] if c["transferable"])'))
[[ ${#coupons[@]} -ge 2 ]] || { echo "FAIL: expected two badge coupons" >&2; exit 1; }
categories=($(field '" ".join(c["category"] for c in b["unused"] if c["transferable"])'))
call 201 POST /market/listings "${json[@]}" "${seller_auth[@]}" -d "{\"coupon_id\":${coupons[0]},\"price\":400}"
listing=$(field 'b["id"]')
call 422 POST /market/listings "${json[@]}" "${seller_auth[@]}" -d "{\"coupon_id\":${coupons[1]},\"price\":100000}"
call 404 POST /market/listings "${json[@]}" "${buyer_auth[@]}" -d "{\"coupon_id\":${coupons[1]},\"price\":100}"
call 201 POST /market/listings "${json[@]}" "${seller_auth[@]}" -d "{\"coupon_id\":${coupons[1]},\"price\":100}"
withdrawn=$(field 'b["id"]')
call 200 GET /market/listings "${buyer_auth[@]}"
check "$listing in [l['id'] for l in b['listings']]"
call 409 POST "/market/listings/$listing/buy" "${seller_auth[@]}" -H "Idempotency-Key: own-$RUN"
check 'b["error"] == "own_listing"'
call 200 POST "/market/listings/$listing/buy" "${buyer_auth[@]}" -H "Idempotency-Key: buy-$RUN"
check "b['coupon_id'] == ${coupons[0]} and b['price'] == 400"
call 200 POST "/market/listings/$listing/buy" "${buyer_auth[@]}" -H "Idempotency-Key: buy-$RUN"
grep -qi '^idempotent-replayed: true' "$WORK/head" || { echo "FAIL: buy not replayed" >&2; exit 1; }
call 409 POST "/market/listings/$listing/buy" "${buyer_auth[@]}" -H "Idempotency-Key: buy2-$RUN"
check 'b["error"] == "sold"'
call 404 DELETE "/market/listings/$withdrawn" "${buyer_auth[@]}"
call 204 DELETE "/market/listings/$withdrawn" "${seller_auth[@]}"
call 409 POST "/market/listings/$withdrawn/buy" "${buyer_auth[@]}" -H "Idempotency-Key: wd-$RUN"
call 200 GET /me/coupons "${buyer_auth[@]}"
check "${coupons[0]} in [c['id'] for c in b['unused']]"

echo "== coupon used at checkout (platform)"
use="{\"member\":\"$buyer\",\"order_id\":\"co-$RUN\",\"order_amount_fen\":9000,\"category\":\"${categories[0]}\"}"
call 200 POST "/coupons/${coupons[0]}/use" "${json[@]}" "${platform[@]}" -d "$use"
check 'b["replayed"] is False and b["discount_fen"] > 0'
call 200 POST "/coupons/${coupons[0]}/use" "${json[@]}" "${platform[@]}" -d "$use"
check 'b["replayed"] is True'
call 409 POST "/coupons/${coupons[0]}/use" "${json[@]}" "${platform[@]}" -d "{\"member\":\"$buyer\",\"order_id\":\"other-$RUN\",\"order_amount_fen\":9000,\"category\":\"${categories[0]}\"}"
check 'b["error"] == "coupon_used"'
call 409 POST "/coupons/${coupons[1]}/use" "${json[@]}" "${platform[@]}" -d "{\"member\":\"$seller\",\"order_id\":\"min-$RUN\",\"order_amount_fen\":100,\"category\":\"${categories[1]}\"}"
check 'b["error"] == "min_spend_not_met"'
call 403 POST "/coupons/${coupons[1]}/use" "${json[@]}" "${seller_auth[@]}" -d "$use"

echo "== PLUS"
call 200 POST /me/plus "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: trial-$RUN" -d '{"plan":"trial"}'
check 'b["active_until"]'
call 409 POST /me/plus "${json[@]}" "${buyer_auth[@]}" -H "Idempotency-Key: trial2-$RUN" -d '{"plan":"trial"}'
check 'b["error"] == "trial_used"'
call 200 POST /me/plus "${json[@]}" "${seller_auth[@]}" -H "Idempotency-Key: annual-$RUN" -d '{"plan":"annual"}'
call 200 POST /me/plus "${json[@]}" "${seller_auth[@]}" -H "Idempotency-Key: annual-$RUN" -d '{"plan":"annual"}'
grep -qi '^idempotent-replayed: true' "$WORK/head" || { echo "FAIL: plus not replayed" >&2; exit 1; }
call 404 POST /me/plus "${json[@]}" "${seller_auth[@]}" -H "Idempotency-Key: code-$RUN" -d '{"plan":"code","code":"AAAA-BBBB-CCCC-DDDD"}'

echo "== settlements (platform)"
call 200 POST /settlements "${json[@]}" "${platform[@]}" -d '{"month":"2026-11"}'
check 'b["month"] == "2026-11" and b["members"] >= 2'
call 200 POST /settlements "${json[@]}" "${platform[@]}" -d '{"month":"2026-11"}'
check 'b["ran"] is False'
call 403 POST /settlements "${json[@]}" "${buyer_auth[@]}" -d '{"month":"2026-11"}'

echo "== sessions: a password change and a logout end them"
call 204 PUT /me/password "${json[@]}" "${seller_auth[@]}" -d '{"current_password":"correct horse","new_password":"battery staple"}'
call 401 GET /me "${seller_auth[@]}"
call 200 POST /auth/token -d "username=$seller" -d "password=battery staple"
seller_auth=(-H "Authorization: Bearer $(field 'b["access_token"]')")
call 204 POST /auth/logout "${seller_auth[@]}"
call 401 GET /me "${seller_auth[@]}"
check 'b["error"] == "session_ended"'

echo "== all $PASSED requests answered as expected"
