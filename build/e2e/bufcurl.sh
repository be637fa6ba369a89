#!/usr/bin/env bash
# bufcurl.sh walks the API with a standard client that knows nothing of our
# code: buf curl, resolving every schema through the server's gRPC reflection.
# It registers two companies, logs in, creates a ticket, reads it back, and
# checks that the other company gets not_found for it.
set -euo pipefail
cd "$(dirname "$0")/../.."
url=${FRONTLINE_URL:?set FRONTLINE_URL}
buf=server/widget/node_modules/.bin/buf
checks=0

fail() { echo "bufcurl: FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "bufcurl: ok: $*"; }
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v?.[k];process.stdout.write(String(v??""))})' "$1"; }
call() { # call PROC JSON [TOKEN]
	local args=(curl --protocol connect --data "$2" "$url/frontline.v1.$1")
	[[ -n ${3:-} ]] && args=(curl --protocol connect -H "Authorization: Bearer $3" --data "$2" "$url/frontline.v1.$1")
	"$buf" "${args[@]}"
}

services=$("$buf" curl --list-services "$url")
for s in IdentityService TicketService KnowledgeService WidgetService SyncService; do
	grep -qx "frontline.v1.$s" <<<"$services" || fail "reflection does not list $s: $services"
done
ok "reflection lists every service"

suffix=$RANDOM$RANDOM
a=$(call IdentityService/RegisterCompany "{\"companyName\":\"Bufco $suffix\",\"adminName\":\"Bea Buf\",\"email\":\"bea@bufco.test\",\"password\":\"correct horse battery\"}")
call IdentityService/RegisterCompany "{\"companyName\":\"Otherco $suffix\",\"adminName\":\"Oli Other\",\"email\":\"oli@other.test\",\"password\":\"correct horse battery\"}" >/dev/null
ok "registered two companies"

login=$(call IdentityService/Login "{\"companyName\":\"bufco $suffix\",\"email\":\"BEA@bufco.test\",\"password\":\"correct horse battery\"}")
tokA=$(field session.token <<<"$login")
[[ $tokA == fls_* ]] || fail "login gave no session token: $login"
ok "logged in (company and email matched ignoring case)"

tokB=$(call IdentityService/Login "{\"companyName\":\"Otherco $suffix\",\"email\":\"oli@other.test\",\"password\":\"correct horse battery\"}" | field session.token)

created=$(call TicketService/CreateTicket '{"subject":"Chain keeps slipping","body":"Since Tuesday the chain slips in third gear.","customer":{"name":"Kim Lee","email":"kim@example.com"},"priority":"TICKET_PRIORITY_HIGH"}' "$tokA")
id=$(field ticket.id <<<"$created")
[[ ${#id} -eq 32 ]] || fail "create gave no ticket id: $created"
ok "created ticket $id"

got=$(call TicketService/GetTicket "{\"id\":\"$id\"}" "$tokA")
[[ $(field ticket.subject <<<"$got") == "Chain keeps slipping" ]] || fail "read back wrong ticket: $got"
[[ $(field messages.0.body <<<"$got") == "Since Tuesday the chain slips in third gear." ]] || fail "first message missing: $got"
ok "read the ticket back with its first message"

if other=$(call TicketService/GetTicket "{\"id\":\"$id\"}" "$tokB" 2>&1); then
	fail "another company read the ticket: $other"
fi
grep -q '"code": *"not_found"' <<<"$other" || fail "another company got no not_found: $other"
missing=$(call TicketService/GetTicket '{"id":"0123456789abcdef0123456789abcdef"}' "$tokB" 2>&1 || true)
grep -q '"code": *"not_found"' <<<"$missing" || fail "missing ticket gave no not_found: $missing"
ok "another company's ticket answers not_found, exactly like a missing one"

if nologin=$(call TicketService/GetTicket "{\"id\":\"$id\"}" "" 2>&1); then fail "no token read the ticket"; fi
grep -q '"code": *"unauthenticated"' <<<"$nologin" || fail "no token gave no unauthenticated: $nologin"
ok "no token answers unauthenticated"

echo "bufcurl: $checks passed, 0 failed"
