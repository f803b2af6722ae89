#!/usr/bin/env bash
# Loads a realistic demo workspace through the keel CLI (so every record has
# its history): two products, a user in each role, ~25 scored features on the
# board, ~40 ideas from every source, some triaged, voted and discussed,
# customers with their feedback linked to what it asks for, and a customer's
# portal user who sees the ideas published to the portal.
#
# usage: scripts/demo-data.sh DB [KEEL_BINARY]
# DB is a SQLite file that must not exist yet, or a postgresql:// URL of an
# empty database. Every demo user's password is keel-demo-pass.
set -euo pipefail
db=${1:?usage: demo-data.sh DB_PATH [KEEL_BINARY]}
keel=${2:-$(dirname "$0")/../build/src/keel}
# A SQLite file must not exist yet; a PostgreSQL database must exist and be empty.
case "$db" in
  postgres://*|postgresql://*) ;;
  *) [ -e "$db" ] && { echo "demo-data: $db already exists; remove it first" >&2; exit 1; } ;;
esac

k() { "$keel" --db "$db" "$@"; }
as() { local who=$1; shift; "$keel" --db "$db" --user "$who" "$@"; }
id_of() { sed -E 's/^\{"id":([0-9]+).*/\1/'; }

k init >/dev/null
pw=keel-demo-pass
echo "$pw" | k user add admin@keel.test --name "Ada Admin" --role admin >/dev/null
echo "$pw" | k user add pm@keel.test --name "Priya Patel" --role pm >/dev/null
echo "$pw" | k user add pm2@keel.test --name "Marco Rossi" --role pm >/dev/null
echo "$pw" | k user add contributor@keel.test --name "Chen Wei" --role contributor >/dev/null
echo "$pw" | k user add sales@keel.test --name "Sam Okafor" --role contributor >/dev/null
echo "$pw" | k user add support@keel.test --name "Lena Novak" --role contributor >/dev/null
echo "$pw" | k user add viewer@keel.test --name "Victor Hale" --role viewer >/dev/null

as pm@keel.test product add PAY --name "Payments" \
  --description "Checkout, saved payment methods, invoicing and payouts for our merchants." >/dev/null
as pm2@keel.test product add INS --name "Insights" \
  --description "Dashboards and reports that tell merchants how their business is doing." >/dev/null

# feature PRODUCT PM HORIZON STATUS REACH IMPACT CONFIDENCE EFFORT ICE_I ICE_C ICE_E TITLE DESCRIPTION
feature() {
  local p=$1 pm=$2 hz=$3 st=$4 reach=$5 imp=$6 conf=$7 eff=$8 ii=$9 ic=${10} ie=${11} title=${12} desc=${13}
  local args=(feature add --product "$p" --title "$title" --description "$desc" --horizon "$hz" --status "$st")
  [ "$reach" != - ] && args+=(--reach "$reach" --impact "$imp" --confidence "$conf" --effort "$eff")
  [ "$ii" != - ] && args+=(--ice-impact "$ii" --ice-confidence "$ic" --ice-ease "$ie")
  as "$pm" "${args[@]}" >/dev/null
}

P=pm@keel.test
M=pm2@keel.test
feature PAY $P now in_progress 4200 2 80 3 8 7 5 "Apple Pay and Google Pay at checkout" \
"Wallet payments on the hosted checkout page.

**Why now:** 38% of checkout traffic is mobile and wallet users convert better.

- [x] Apple Pay domain verification
- [ ] Google Pay merchant onboarding
- [ ] Fallback to card form when wallets are unavailable"
feature PAY $P now planned 2600 2 80 2 7 8 6 "Save cards for returning customers" \
"Let shoppers save a card (tokenised, never stored by us) and pay in one click next time."
feature PAY $P now in_progress 900 3 100 1.5 9 9 7 "Retry failed subscription payments automatically" \
"Smart retries on soft declines (insufficient funds, do-not-honour) at 1, 3 and 7 days, with a dunning e-mail."
feature PAY $P next planned 1500 1 80 2 6 7 6 "Partial refunds from the dashboard" \
"Refund part of an order without calling support. Shows the remaining refundable amount."
feature PAY $P next candidate 3100 1 50 4 6 5 4 "Multi-currency pricing" \
"Show prices in the shopper's currency, settle in the merchant's. Needs FX rates with a daily lock."
feature PAY $P next candidate 700 2 80 1 7 8 8 "Invoice PDFs with the merchant's logo" "Branded invoices, attached to receipts."
feature PAY $P later candidate 400 3 50 6 8 4 2 "Buy now, pay later (instalments)" \
"Split a purchase into 3 or 4 instalments through a lending partner. Regulatory review needed per country."
feature PAY $P later candidate 1200 0.5 80 1 4 7 8 "Show card brand logos on the payment form" "Small trust signal; design already exists."
feature PAY $P later candidate 250 2 50 3 - - - "Payouts to multiple bank accounts" "Marketplace merchants want to split payouts."
feature PAY $P unplanned candidate 5000 0.25 100 0.5 3 9 9 "Remember the last payment method used" "Pre-select it at checkout."
feature PAY $P unplanned candidate - - - - 5 3 3 "Crypto payments" "Asked for by a few merchants; unclear demand."
feature PAY $P unplanned candidate 800 1 50 2 - - - "Tax calculation for EU VAT OSS" "Compute VAT per buyer country for the One-Stop-Shop return."
feature PAY $P now shipped 6000 2 100 1 9 10 8 "3-D Secure 2 challenge flow" "Shipped in March: fewer step-up challenges, higher approval rate."
feature INS $M now in_progress 1800 2 80 2 8 7 6 "Revenue dashboard with daily, weekly and monthly views" \
"Gross and net revenue, refunds and fees over time, with a comparison to the previous period."
feature INS $M now planned 1100 1 80 1 6 8 8 "Export any report to CSV" "Every table gets an Export button; exports respect the filters shown."
feature INS $M next candidate 950 2 50 3 7 5 4 "Cohort retention chart" "Monthly cohorts of first-time buyers and how many come back."
feature INS $M next planned 2400 1 100 2 7 9 7 "Scheduled e-mail reports" "A weekly summary e-mailed every Monday at 8:00 local time."
feature INS $M next candidate 600 3 50 5 8 4 3 "Anomaly alerts on revenue drops" "Alert when today's revenue falls more than 3 sigma below the forecast."
feature INS $M later candidate 300 2 80 4 5 6 4 "Custom report builder" "Pick dimensions and measures; save as a report."
feature INS $M later candidate 1500 0.5 80 1 4 8 9 "Dark mode for dashboards" "Frequently requested by support staff on night shifts."
feature INS $M unplanned candidate 200 1 50 2 - - - "Benchmark against similar merchants" "Anonymised percentile comparison; needs legal review."
feature INS $M unplanned candidate - - - - 6 6 6 "Funnel report from product view to purchase" "Where shoppers drop out of the checkout."
feature INS $M unplanned archived 100 0.25 50 2 - - - "Printable PDF dashboards" "Archived: exports to CSV cover the need."
feature INS $M later candidate 700 1 80 2 6 7 6 "Payout reconciliation report" "Match each payout to the orders, refunds and fees it contains."
feature INS $M now candidate 2000 2 80 1 8 8 7 "Real-time sales counter on the home screen" "Today's sales so far, updated every minute."

# idea WHO PRODUCT SOURCE CUSTOMER TITLE DESCRIPTION -> prints the new id
idea() {
  local who=$1 p=$2 src=$3 cust=$4 title=$5 desc=$6
  as "$who" --json idea add --product "$p" --source "$src" --customer "$cust" --title "$title" --description "$desc" | id_of
}
S=sales@keel.test
U=support@keel.test
C=contributor@keel.test
A=admin@keel.test

i1=$(idea $S PAY customer "Northwind Traders" "Apple Pay on mobile checkout" "Their iPhone shoppers abandon at the card form.")
i2=$(idea $U PAY support "" "Customers ask to save their card" "About 30 tickets a month: 'why do I have to type my card every time?'")
i3=$(idea $S PAY sales "Contoso Retail" "Pay in instalments for orders over 200 EUR" "Lost a deal to a competitor offering Klarna.")
i4=$(idea $C PAY engineering "" "Retry soft declines automatically" "We see 4% of renewals fail with insufficient funds; most succeed days later.")
i5=$(idea $U PAY support "Fabrikam" "Refund only one item of an order" "Support has to refund manually through the bank.")
i6=$(idea $A PAY leadership "" "Accept payments in USD and GBP" "Strategic: our UK and US expansion starts in Q3.")
i7=$(idea $S PAY customer "Tailspin Toys" "Google Pay support" "Android is 55% of their traffic.")
i8=$(idea $U PAY support "" "Invoices should show our logo" "Merchants forward our plain invoices and look unprofessional.")
i9=$(idea $C PAY engineering "" "Accept Bitcoin" "Hacker News crowd keeps asking.")
i10=$(idea $S PAY customer "Adventure Works" "Split payouts between two bank accounts" "They run two legal entities.")
i11=$(idea $U PAY customer "Wide World Importers" "Let me pay by bank transfer" "Some B2B buyers cannot use cards at all.")
i12=$(idea $C PAY other "" "Show the card brand logos" "Small trust boost on the payment form.")
i13=$(idea $S PAY sales "Litware" "Apple Pay please!" "Same as the Northwind request.")
i14=$(idea $U PAY support "" "Receipts in the customer's language" "German shoppers get English receipts.")
i15=$(idea $A PAY leadership "" "VAT handling for EU one-stop-shop" "Finance needs it before the July filing.")
i16=$(idea $C PAY engineering "" "Webhooks for failed payments" "So merchants can react in their own systems.")
i17=$(idea $S PAY customer "Proseware" "Recurring invoices for B2B" "Monthly invoices with net-30 terms.")
i18=$(idea $U PAY support "" "Remember my last payment method" "Returning customers pick the same one 80% of the time.")
i19=$(idea $C PAY other "" "Pay with points" "Loyalty programme integration.")
i20=$(idea $S PAY customer "Blue Yonder Airlines" "Higher card limits for enterprise" "Their tickets exceed the default transaction limit.")
i21=$(idea $S INS customer "Northwind Traders" "Weekly revenue e-mail" "The owner wants a Monday summary without logging in.")
i22=$(idea $U INS support "" "CSV export of the orders report" "Accountants ask support for exports every month.")
i23=$(idea $M INS leadership "" "Retention by cohort" "Board asks how many first-time buyers return.")
i24=$(idea $C INS engineering "" "Alert when revenue drops suddenly" "Would have caught the broken checkout deploy in June within an hour.")
i25=$(idea $S INS customer "Contoso Retail" "Compare this month to last month" "Every chart needs a previous-period comparison.")
i26=$(idea $U INS support "" "Dark mode" "Night-shift staff find the white dashboard harsh.")
i27=$(idea $S INS sales "Fabrikam" "Build my own reports" "They want to slice by product category and region.")
i28=$(idea $C INS engineering "" "Real-time sales counter" "Show today's sales on the home page.")
i29=$(idea $U INS customer "Tailspin Toys" "Export reports as PDF" "For their monthly board pack.")
i30=$(idea $S INS customer "Adventure Works" "How do we compare to similar shops?" "Benchmarks by industry.")
i31=$(idea $C INS engineering "" "Payout reconciliation" "Finance teams spend days matching payouts to orders.")
i32=$(idea $U INS support "" "Funnel from product page to purchase" "Where do shoppers give up?")
i33=$(idea $S INS customer "Litware" "Weekly summary by e-mail" "Same as Northwind: a Monday morning e-mail.")
i34=$(idea $A INS leadership "" "Dashboard for the mobile app" "Executives check numbers on their phones.")
i35=$(idea $U INS support "" "Show refunds separately from sales" "Merchants misread net revenue.")
i36=$(idea $C INS other "" "Emoji reactions on charts" "Fun.")
i37=$(idea $S INS customer "Proseware" "Forecast next month's revenue" "Helps them plan inventory.")
i38=$(idea $U INS support "Wide World Importers" "Time zone setting for reports" "Their day ends at midnight Sydney time, not UTC.")
i39=$(idea $C INS engineering "" "Faster dashboard loading" "The revenue page takes 6 s for large merchants.")
i40=$(idea $S INS customer "Blue Yonder Airlines" "Export to our data warehouse" "Nightly sync to BigQuery.")
i41=$(idea $U PAY support "Northwind Traders" "Say <b>why</b> a payment failed & what to do" "Decline codes like \"do_not_honor\" mean nothing to shoppers.")

# Triage: planned ideas joined the features they asked for; some declined, some duplicates.
as $P idea review "$i9" >/dev/null
as $P idea promote "$i1" --feature PAY-1 >/dev/null
as $P idea promote "$i7" --feature PAY-1 >/dev/null
as $P idea duplicate "$i13" --of "$i1" >/dev/null
as $P idea promote "$i2" --feature PAY-2 >/dev/null
as $P idea promote "$i18" --feature PAY-10 >/dev/null
as $P idea promote "$i4" --feature PAY-3 >/dev/null
as $P idea promote "$i5" --feature PAY-4 >/dev/null
as $P idea promote "$i6" --feature PAY-5 >/dev/null
as $P idea promote "$i8" --feature PAY-6 >/dev/null
as $P idea promote "$i3" --feature PAY-7 >/dev/null
as $P idea promote "$i12" --feature PAY-8 >/dev/null
as $P idea promote "$i10" --feature PAY-9 >/dev/null
as $P idea promote "$i15" --feature PAY-12 >/dev/null
as $P idea decline "$i9" --reason "Fewer than 0.1% of shoppers asked; card networks and wallets cover them. We will revisit if demand grows." >/dev/null
as $P idea decline "$i19" --reason "Loyalty points belong to the merchants' own programmes; we expose the webhooks they need instead." >/dev/null
as $P idea review "$i11" >/dev/null
as $P idea review "$i16" >/dev/null
as $P idea promote "$i41" >/dev/null
as $M idea promote "$i21" --feature INS-4 >/dev/null
as $M idea duplicate "$i33" --of "$i21" >/dev/null
as $M idea promote "$i22" --feature INS-2 >/dev/null
as $M idea promote "$i23" --feature INS-3 >/dev/null
as $M idea promote "$i24" --feature INS-5 >/dev/null
as $M idea promote "$i25" --feature INS-1 >/dev/null
as $M idea promote "$i26" --feature INS-7 >/dev/null
as $M idea promote "$i27" --feature INS-6 >/dev/null
as $M idea promote "$i28" --feature INS-12 >/dev/null
as $M idea promote "$i31" --feature INS-11 >/dev/null
as $M idea promote "$i32" --feature INS-9 >/dev/null
as $M idea promote "$i30" --feature INS-8 >/dev/null
as $M idea decline "$i29" --reason "CSV export (INS-2) covers board packs; a PDF renderer would cost more than it returns." >/dev/null
as $M idea decline "$i36" --reason "Not a problem our merchants have." >/dev/null
as $M idea review "$i37" >/dev/null
as $M idea review "$i39" >/dev/null

# Votes from everyone who can vote.
for who in $S $U $C $A $P $M; do
  for i in "$i1" "$i2" "$i4" "$i21" "$i24"; do as "$who" idea vote "$i" >/dev/null; done
done
for who in $S $U $C; do
  for i in "$i3" "$i5" "$i6" "$i11" "$i22" "$i23" "$i25" "$i38" "$i39" "$i41"; do as "$who" idea vote "$i" >/dev/null; done
done
for who in $A $P; do as "$who" idea vote "$i15" >/dev/null; as "$who" idea vote "$i31" >/dev/null; done

# A little discussion.
as $S idea comment "$i1" --body "Northwind says they would move **all** their volume to us if this ships before the holidays." >/dev/null
as $P idea comment "$i1" --body "Joined to PAY-1, which is in progress. Target: end of next sprint." >/dev/null
as $C feature comment PAY-3 --body "Retry schedule proposal: day 1, 3, 7. See the decline-code table in the PRD." >/dev/null
as $P feature comment PAY-3 --body "Agreed. Hard declines (stolen card, closed account) must never be retried." >/dev/null
as $U idea comment "$i38" --body "Three more merchants in Australia asked for this last week." >/dev/null

# Customers: the ideas above created them by name; give them their details.
cust() { as $P customer edit "$1" --segment "$2" --arr "$3" --plan "$4" >/dev/null; }
cust "Northwind Traders" enterprise 480000 Enterprise
cust "Contoso Retail" enterprise 350000 Enterprise
cust "Blue Yonder Airlines" enterprise 620000 Enterprise
cust "Fabrikam" mid-market 96000 Growth
cust "Adventure Works" mid-market 120000 Growth
cust "Wide World Importers" mid-market 84000 Growth
cust "Proseware" smb 18000 Starter
cust "Tailspin Toys" smb 24000 Starter
cust "Litware" smb 12000 Starter
as $P customer add "Coho Winery" --segment smb --arr 9000 --plan Starter >/dev/null
as $P contact add "Northwind Traders" --name "Nancy Davolio" --email nancy@northwind.example >/dev/null
as $P contact add "Contoso Retail" --name "Kim Abercrombie" --email kim@contoso.example >/dev/null

# Feedback: what customers actually said, most of it linked to what we build,
# some still in the inbox waiting for triage.
# fb WHO CHANNEL CUSTOMER REFERENCE TAGS TEXT -> prints the new id
fb() {
  local who=$1 ch=$2 cust=$3 ref=$4 tags=$5 text=$6
  local args=(--json feedback add --channel "$ch" --text "$text")
  [ -n "$cust" ] && args+=(--customer "$cust")
  [ -n "$ref" ] && args+=(--reference "$ref")
  [ -n "$tags" ] && args+=(--tags "$tags")
  as "$who" "${args[@]}" | id_of
}
f1=$(fb $U support "Northwind Traders" "ZD-4411" checkout,mobile "Our iPhone customers keep abandoning at the card form. If we had Apple Pay we would see far fewer drop-offs on mobile.")
f2=$(fb $S sales_call "Contoso Retail" "" checkout "Renewal call: they want Apple Pay and Google Pay before the holiday season, otherwise they will trial a competitor.")
f3=$(fb $U support "Blue Yonder Airlines" "ZD-4519" subscriptions "Subscription renewals failed for 212 customers last month because of insufficient funds. We need automatic retries, not manual chasing.")
f4=$(fb $U survey "Tailspin Toys" "" mobile "Checkout on phones is slow. Wallet payments would make it one tap.")
f5=$(fb $S interview "Fabrikam" "" refunds "Refunding one item of an order means a call to your support team. We need partial refunds in the dashboard.")
f6=$(fb $U chat "Wide World Importers" "" reporting "Our accountant asks for a CSV of last month's orders every single month.")
f7=$(fb $S email "Northwind Traders" "" reporting "The owner wants a revenue summary in his inbox on Monday morning without logging in.")
f8=$(fb $U review "Litware" "https://reviews.example/keel-pay/litware" checkout "Great product, but please add Apple Pay. Half of our shoppers are on iPhones.")
fb $U support "Proseware" "ZD-4602" invoicing "Net-30 invoices for our B2B buyers would save us a spreadsheet every month." >/dev/null
fb $S sales_call "Adventure Works" "" payouts "They run two legal entities and want payouts split between two bank accounts." >/dev/null
fb $U chat "" "" "" "Is there a way to change the colour of the payment button to match our brand?" >/dev/null
as $P feedback link "$f1" --feature PAY-1 --quote "If we had Apple Pay we would see far fewer drop-offs on mobile" --importance critical >/dev/null
as $P feedback link "$f2" --feature PAY-1 --quote "they want Apple Pay and Google Pay before the holiday season" --importance critical >/dev/null
as $P feedback link "$f4" --feature PAY-1 --quote "Wallet payments would make it one tap" --importance important >/dev/null
as $P feedback link "$f8" --feature PAY-1 --quote "please add Apple Pay" --importance nice_to_have >/dev/null
as $P feedback link "$f3" --feature PAY-3 --quote "We need automatic retries, not manual chasing" --importance critical >/dev/null
as $P feedback link "$f5" --feature PAY-4 --quote "We need partial refunds in the dashboard" --importance important >/dev/null
as $M feedback link "$f6" --feature INS-2 --quote "a CSV of last month's orders every single month" --importance important >/dev/null
as $M feedback link "$f7" --idea "$i21" --quote "a revenue summary in his inbox on Monday morning" --importance important >/dev/null

# Strategy: the Payments vision (revised once, with the reason), personas,
# this quarter's objectives with key results and check-ins, initiatives,
# competitors.
q=$(date -u +%Y)-Q$(( ($(date -u +%-m) - 1) / 3 + 1 ))
as $P vision edit PAY --why "Small online shops lose a sale every time paying is harder than buying." \
  --how "Checkout that is one tap on a phone, and money that arrives on time." \
  --what "Hosted checkout, wallets, subscriptions and payouts for shops with 1-50 people." \
  --value-proposition "Get paid in one tap, without a developer." \
  --target-personas "Owner-operators of small web shops; their bookkeepers." \
  --differentiation "Setup in ten minutes; fees shown before you sign." \
  --alignment "Company goal: double payment volume from small merchants this year." >/dev/null
as $P vision edit PAY --value-proposition "Get paid in one tap on any phone, without a developer." \
  --reason "Interviews: 70 % of our merchants' buyers pay on phones; 'on any phone' is the promise they repeat." >/dev/null
as $P persona add PAY "Olivia, shop owner" --description "Runs a 6-person online tea shop; does the books on Sundays." \
  --says "I just want the money to arrive." --thinks "Every extra field costs me a customer." \
  --does "Checks payouts every morning on her phone." --feels "Anxious at month end." \
  --goals "More completed checkouts; predictable cash flow." --pains "Failed renewals; manual refunds." >/dev/null
as $P persona add PAY "Ben, bookkeeper" --description "Part-time bookkeeper for five small shops." \
  --says "Give me a CSV." --thinks "Reconciliation should not take a day." --does "Exports and matches payouts monthly." \
  --feels "Frustrated by mismatched totals." --goals "Close the month in an hour." --pains "Payouts split across accounts." >/dev/null
as $P feature personas PAY-1 --add "Olivia, shop owner" >/dev/null
as $P feature personas PAY-3 --add "Olivia, shop owner" >/dev/null
as $P feature personas PAY-9 --add "Ben, bookkeeper" >/dev/null
o1=$(as $P --json objective add PAY --period "$q" --title "Make mobile checkout effortless" --owner pm@keel.test | id_of)
o2=$(as $P --json objective add PAY --period "$q" --title "Keep subscription revenue we already earned" --owner pm@keel.test | id_of)
kr1=$(as $P --json kr add "$o1" --title "Mobile checkout conversion" --metric "completed / started checkouts on phones" \
  --unit % --baseline 52 --target 65 | id_of)
kr2=$(as $P --json kr add "$o1" --title "Median time to pay on a phone" --metric "seconds from checkout to paid" \
  --unit s --baseline 48 --target 20 | id_of)
kr3=$(as $P --json kr add "$o2" --title "Renewals recovered after a failed payment" --unit % --baseline 10 --target 40 | id_of)
as $P kr checkin "$kr1" --value 55 --comment "Apple Pay live for the first merchants." >/dev/null
as $P kr checkin "$kr1" --value 58 --comment "Google Pay added." >/dev/null
as $P kr checkin "$kr2" --value 35 --comment "Wallets skip the card form." >/dev/null
as $P kr checkin "$kr3" --value 18 --comment "Manual retries only so far." >/dev/null
as $P initiative add PAY "Wallet-first checkout" --description "Everything that makes paying on a phone one tap." >/dev/null
as $P initiative add PAY "Revenue recovery" --description "Stop losing money we already earned." >/dev/null
as $P initiative link "Wallet-first checkout" --objective "$o1" >/dev/null
as $P initiative link "Revenue recovery" --objective "$o2" >/dev/null
for f in PAY-1 PAY-2 PAY-8 PAY-10; do as $P feature initiative "$f" "Wallet-first checkout" >/dev/null; done
for f in PAY-3 PAY-14; do as $P feature initiative "$f" "Revenue recovery" >/dev/null; done
as $P competitor add PAY "Stripe" --website https://stripe.com --strengths "Developer tooling; every payment method." \
  --weaknesses "Needs a developer to set up well." >/dev/null
as $P competitor add PAY "Square Online" --website https://squareup.com --strengths "In-person and online in one." \
  --weaknesses "Few subscription features." >/dev/null
as $P capability add PAY "Apple Pay and Google Pay" --ours partial >/dev/null
as $P capability add PAY "Automatic retry of failed renewals" --ours none >/dev/null
as $P capability add PAY "Setup without a developer" --ours leading >/dev/null
as $P capability set PAY "Apple Pay and Google Pay" --competitor Stripe --level leading >/dev/null
as $P capability set PAY "Apple Pay and Google Pay" --competitor "Square Online" --level on-par >/dev/null
as $P capability set PAY "Automatic retry of failed renewals" --competitor Stripe --level on-par >/dev/null
as $P capability set PAY "Setup without a developer" --competitor Stripe --level partial >/dev/null
as $P capability set PAY "Setup without a developer" --competitor "Square Online" --level on-par >/dev/null

# Prioritisation: value vs effort for the matrix, WSJF beside RICE, weighted
# criteria tied to this quarter's objectives.
ve() { as "$1" feature score "$2" value_effort value="$3" effort="$4" >/dev/null; }
ve $P PAY-1 9 4; ve $P PAY-2 8 3; ve $P PAY-3 9 5; ve $P PAY-4 6 3; ve $P PAY-5 5 8; ve $P PAY-6 4 2
ve $P PAY-7 6 9; ve $P PAY-8 3 1; ve $P PAY-9 3 7; ve $P PAY-10 7 2; ve $P PAY-11 2 9; ve $P PAY-12 4 8
ve $M INS-1 8 7; ve $M INS-2 7 2; ve $M INS-3 5 5; ve $M INS-4 6 3; ve $M INS-5 7 6; ve $M INS-6 4 9
ve $M INS-7 2 3; ve $M INS-9 6 4; ve $M INS-11 5 4; ve $M INS-12 3 6
as $P feature score PAY-1 wsjf business_value=13 time_criticality=8 risk_reduction=3 job_size=5 >/dev/null
as $P feature score PAY-3 wsjf business_value=8 time_criticality=13 risk_reduction=8 job_size=3 >/dev/null
as $P feature score PAY-2 wsjf business_value=8 time_criticality=3 risk_reduction=2 job_size=5 >/dev/null
as $P feature score PAY-1 moscow category=must >/dev/null
as $P feature score PAY-7 moscow category=wont >/dev/null
as $P feature score PAY-2 kano functional=like dysfunctional=live_with >/dev/null
as $P criterion add --product PAY --name "Mobile conversion" --weight 3 >/dev/null
as $P criterion add --product PAY --name "Recovered revenue" --weight 2 >/dev/null
as $P criterion add --product PAY --name "Merchant requests" --weight 1 >/dev/null
ws() { as $P feature score "$1" weighted "Mobile conversion=$2" "Recovered revenue=$3" "Merchant requests=$4" >/dev/null; }
ws PAY-1 9 2 8; ws PAY-2 7 1 6; ws PAY-3 2 9 7; ws PAY-10 6 1 3; ws PAY-14 3 6 4; ws PAY-7 4 0 5

# Planning: teams with this quarter's capacity, sizes and categories,
# allocation targets, a dependency, and one trade-off: Insights' Now is full,
# so scheduled reports go in only because the real-time counter moves out,
# with the reason.
as $P team add --product PAY --name Checkout --wip-limit 2 >/dev/null
as $P team add --product PAY --name Billing --wip-limit 2 >/dev/null
as $M team add --product INS --name Analytics --wip-limit 3 >/dev/null
as $P team capacity Checkout --product PAY --period "$q" --capacity 7 >/dev/null
as $P team capacity Billing --product PAY --period "$q" --capacity 4 >/dev/null
as $M team capacity Analytics --product INS --period "$q" --capacity 8 >/dev/null
plan() { as "$1" feature edit "$2" --team "$3" --size "$4" --category "$5" >/dev/null; }
plan $P PAY-1 Checkout 3 objectives; plan $P PAY-2 Checkout 2 customer_requests; plan $P PAY-10 Checkout 1 customer_requests
plan $P PAY-8 Checkout 1 keep_the_lights_on; plan $P PAY-5 Checkout 3 innovation; plan $P PAY-7 Checkout 5 innovation
plan $P PAY-3 Billing 3 objectives; plan $P PAY-4 Billing 2 customer_requests; plan $P PAY-6 Billing 1 customer_requests
plan $P PAY-9 Billing 3 infrastructure; plan $P PAY-12 Billing 2 keep_the_lights_on
plan $M INS-1 Analytics 4 objectives; plan $M INS-2 Analytics 2 customer_requests; plan $M INS-12 Analytics 2 innovation
plan $M INS-4 Analytics 2 customer_requests; plan $M INS-3 Analytics 3 innovation
as $P feature depends PAY-10 --on PAY-2 >/dev/null
as $P allocation set --product PAY --period "$q" objectives=35 customer_requests=35 innovation=15 infrastructure=5 \
  keep_the_lights_on=10 >/dev/null
as $M feature move INS-4 --horizon now --displace INS-12 --displace-to next \
  --reason "Three customers asked for Monday reports; the live counter is a nice-to-have until the dashboard ships." >/dev/null
# Rank the backlogs the way the PMs want them.
as $P feature move PAY-3 --top >/dev/null
as $P feature move PAY-2 --after PAY-3 >/dev/null
as $M feature move INS-2 --top >/dev/null
# The customer portal: a Northwind buyer sees what the PMs published.
echo "$pw" | k user add nancy@northwind.example --name "Nancy Davolio" --role portal --customer "Northwind Traders" >/dev/null
as $P idea publish "$i1" --title "Apple Pay and Google Pay at checkout" \
  --description "Pay with your phone's wallet on the checkout page." >/dev/null
as $P idea publish "$i2" --title "Save your card for next time" --description "Pay in one click when you come back." >/dev/null
as $M idea publish "$i21" --title "A weekly revenue e-mail" --description "Monday morning, in your inbox." >/dev/null
as $M idea publish "$i29" --title "Reports as PDF" >/dev/null
as $P idea comment "$i1" --public --body "Apple Pay is live for a first group of merchants; Google Pay follows next sprint." >/dev/null
echo "demo data loaded into $db"
