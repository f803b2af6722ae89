/* main.c — keel's entry point: global options, the command table, help.
 *
 * Global options may appear anywhere on the line: --db PATH (or KEEL_DB),
 * --user EMAIL (or KEEL_USER) to act as a person rather than the workspace
 * owner, --json for machine-readable output. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/crypto.h"
#include "core/md.h"
#include "core/timeutil.h"

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_import_workspace(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_user_add(struct cli *c, int argc, char **argv);
int cmd_user_list(struct cli *c, int argc, char **argv);
int cmd_user_set(struct cli *c, int argc, char **argv);
int cmd_user_passwd(struct cli *c, int argc, char **argv);
int cmd_token_create(struct cli *c, int argc, char **argv);
int cmd_token_list(struct cli *c, int argc, char **argv);
int cmd_token_revoke(struct cli *c, int argc, char **argv);
int cmd_product_add(struct cli *c, int argc, char **argv);
int cmd_product_list(struct cli *c, int argc, char **argv);
int cmd_product_show(struct cli *c, int argc, char **argv);
int cmd_product_edit(struct cli *c, int argc, char **argv);
int cmd_idea_add(struct cli *c, int argc, char **argv);
int cmd_idea_list(struct cli *c, int argc, char **argv);
int cmd_idea_show(struct cli *c, int argc, char **argv);
int cmd_idea_edit(struct cli *c, int argc, char **argv);
int cmd_idea_review(struct cli *c, int argc, char **argv);
int cmd_idea_promote(struct cli *c, int argc, char **argv);
int cmd_idea_decline(struct cli *c, int argc, char **argv);
int cmd_idea_duplicate(struct cli *c, int argc, char **argv);
int cmd_idea_reopen(struct cli *c, int argc, char **argv);
int cmd_idea_vote(struct cli *c, int argc, char **argv);
int cmd_idea_comment(struct cli *c, int argc, char **argv);
int cmd_idea_publish(struct cli *c, int argc, char **argv);
int cmd_idea_unpublish(struct cli *c, int argc, char **argv);
int cmd_idea_similar(struct cli *c, int argc, char **argv);
int cmd_idea_merge(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_matrix(struct cli *c, int argc, char **argv);
int cmd_feature_add(struct cli *c, int argc, char **argv);
int cmd_feature_list(struct cli *c, int argc, char **argv);
int cmd_feature_show(struct cli *c, int argc, char **argv);
int cmd_feature_edit(struct cli *c, int argc, char **argv);
int cmd_feature_move(struct cli *c, int argc, char **argv);
int cmd_focus(struct cli *c, int argc, char **argv); /* focus */
int cmd_tradeoffs(struct cli *c, int argc, char **argv);
int cmd_feature_comment(struct cli *c, int argc, char **argv);
/* strategy: vision, personas, objectives (cmd_vision.c, cmd_okr.c) */
int cmd_vision_show(struct cli *c, int argc, char **argv);
int cmd_vision_edit(struct cli *c, int argc, char **argv);
int cmd_vision_history(struct cli *c, int argc, char **argv);
int cmd_vision_compare(struct cli *c, int argc, char **argv);
int cmd_persona_add(struct cli *c, int argc, char **argv);
int cmd_persona_list(struct cli *c, int argc, char **argv);
int cmd_persona_show(struct cli *c, int argc, char **argv);
int cmd_persona_edit(struct cli *c, int argc, char **argv);
int cmd_persona_remove(struct cli *c, int argc, char **argv);
int cmd_feature_personas(struct cli *c, int argc, char **argv);
int cmd_objective_add(struct cli *c, int argc, char **argv);
int cmd_objective_list(struct cli *c, int argc, char **argv);
int cmd_objective_show(struct cli *c, int argc, char **argv);
int cmd_objective_edit(struct cli *c, int argc, char **argv);
int cmd_kr_add(struct cli *c, int argc, char **argv);
int cmd_kr_edit(struct cli *c, int argc, char **argv);
int cmd_kr_checkin(struct cli *c, int argc, char **argv);
int cmd_kr_history(struct cli *c, int argc, char **argv);
int cmd_initiative_add(struct cli *c, int argc, char **argv);
int cmd_initiative_list(struct cli *c, int argc, char **argv);
int cmd_initiative_show(struct cli *c, int argc, char **argv);
int cmd_initiative_edit(struct cli *c, int argc, char **argv);
int cmd_initiative_link(struct cli *c, int argc, char **argv);
int cmd_feature_initiative(struct cli *c, int argc, char **argv);
int cmd_competitor_add(struct cli *c, int argc, char **argv);
int cmd_competitor_list(struct cli *c, int argc, char **argv);
int cmd_competitor_show(struct cli *c, int argc, char **argv);
int cmd_competitor_edit(struct cli *c, int argc, char **argv);
int cmd_competitor_remove(struct cli *c, int argc, char **argv);
int cmd_capability_add(struct cli *c, int argc, char **argv);
int cmd_capability_set(struct cli *c, int argc, char **argv);
int cmd_capability_list(struct cli *c, int argc, char **argv);
int cmd_customer_add(struct cli *c, int argc, char **argv);
int cmd_customer_list(struct cli *c, int argc, char **argv);
int cmd_customer_show(struct cli *c, int argc, char **argv);
int cmd_customer_edit(struct cli *c, int argc, char **argv);
int cmd_contact_add(struct cli *c, int argc, char **argv);
int cmd_feedback_add(struct cli *c, int argc, char **argv);
int cmd_feedback_list(struct cli *c, int argc, char **argv);
int cmd_feedback_show(struct cli *c, int argc, char **argv);
int cmd_feedback_edit(struct cli *c, int argc, char **argv);
int cmd_feedback_link(struct cli *c, int argc, char **argv);
int cmd_feedback_unlink(struct cli *c, int argc, char **argv);
int cmd_feature_demand(struct cli *c, int argc, char **argv);
int cmd_feature_reach_from_demand(struct cli *c, int argc, char **argv);
/* scoring frameworks (cmd_score.c) */
int cmd_feature_score(struct cli *c, int argc, char **argv);
int cmd_feature_scores(struct cli *c, int argc, char **argv);
int cmd_feature_rank(struct cli *c, int argc, char **argv);
int cmd_criterion_add(struct cli *c, int argc, char **argv);
int cmd_criterion_list(struct cli *c, int argc, char **argv);
int cmd_criterion_edit(struct cli *c, int argc, char **argv);
int cmd_criterion_remove(struct cli *c, int argc, char **argv);
int cmd_product_framework(struct cli *c, int argc, char **argv);
int cmd_idea_demand(struct cli *c, int argc, char **argv);
int cmd_log(struct cli *c, int argc, char **argv);
int cmd_routes(struct cli *c, int argc, char **argv);
int cmd_job_add(struct cli *c, int argc, char **argv);
int cmd_job_list(struct cli *c, int argc, char **argv);
int cmd_job_run(struct cli *c, int argc, char **argv);
int cmd_idea_follow(struct cli *c, int argc, char **argv);
int cmd_idea_unfollow(struct cli *c, int argc, char **argv);
int cmd_inbox(struct cli *c, int argc, char **argv);
int cmd_inbox_read(struct cli *c, int argc, char **argv);
int cmd_webhook_add(struct cli *c, int argc, char **argv);
int cmd_webhook_list(struct cli *c, int argc, char **argv);
int cmd_webhook_edit(struct cli *c, int argc, char **argv);
int cmd_webhook_remove(struct cli *c, int argc, char **argv);
int cmd_webhook_deliveries(struct cli *c, int argc, char **argv);
int cmd_webhook_test(struct cli *c, int argc, char **argv);
int cmd_settings_list(struct cli *c, int argc, char **argv);
int cmd_settings_get(struct cli *c, int argc, char **argv);
int cmd_settings_set(struct cli *c, int argc, char **argv);
int cmd_settings_unset(struct cli *c, int argc, char **argv);
int cmd_import_feedback(struct cli *c, int argc, char **argv);
int cmd_import_ideas(struct cli *c, int argc, char **argv);
/* planning (cmd_plan.c) */
int cmd_team_add(struct cli *c, int argc, char **argv);
int cmd_team_list(struct cli *c, int argc, char **argv);
int cmd_team_edit(struct cli *c, int argc, char **argv);
int cmd_team_remove(struct cli *c, int argc, char **argv);
int cmd_team_capacity(struct cli *c, int argc, char **argv);
int cmd_feature_depends(struct cli *c, int argc, char **argv);
int cmd_allocation_set(struct cli *c, int argc, char **argv);
int cmd_allocation_show(struct cli *c, int argc, char **argv);
int cmd_plan(struct cli *c, int argc, char **argv);
int cmd_import_features(struct cli *c, int argc, char **argv);
int cmd_export_feedback(struct cli *c, int argc, char **argv);
int cmd_export_ideas(struct cli *c, int argc, char **argv);

const struct cli_cmd cli_commands[] = {
    {"init", NULL, cmd_init, "", "create a workspace database"},
    {"export", "feedback", cmd_export_feedback, "[FILE] [--format csv|json]",
     "write every feedback item as CSV (re-importable with keel import feedback) or JSON"},
    {"export", "ideas", cmd_export_ideas, "[FILE] [--format csv|json]", "write every idea as CSV or JSON"},
    {"export", NULL, cmd_export, "[FILE]", "write the whole workspace as JSON (to FILE, or standard output)"},
    {"import", "feedback", cmd_import_feedback,
     "FILE --map text=COLUMN[,customer=,contact=,email=,date=,channel=,reference=,tags=,product=,attributes=] "
     "[--channel NAME] [--meta COLUMN,...] [--na NA] [--skip-bad REJECTS.csv] [--dry-run] [--delimiter comma|tab] [--no-quotes]",
     "import feedback from a CSV/TSV file, all or nothing (--skip-bad: bad rows go to REJECTS.csv)"},
    {"import", "ideas", cmd_import_ideas,
     "FILE --map title=COLUMN[,description=,reference=,customer=,contact=,email=,date=,source=,status=,product=] "
     "--product KEY [--status-map NAME=STATUS[:REASON],...] [--meta COLUMN,...] [--na NA] [--skip-bad FILE] [--dry-run]",
     "import ideas from an issue tracker's CSV export; rows whose reference exists are skipped"},
    {"import", "features", cmd_import_features,
     "FILE --map title=COLUMN[,description=,reference=,status=,horizon=,product=] --product KEY "
     "[--status-map NAME=STATUS,...] [--horizon-map NAME=HORIZON,...] [--meta COLUMN,...] [--skip-bad FILE] [--dry-run]",
     "import features into a product's backlog from a CSV/TSV file"},
    {"import-workspace", NULL, cmd_import_workspace, "FILE",
     "load an export into a new, empty workspace (SQLite or PostgreSQL), ids and history included"},
    {"backup", NULL, cmd_backup, "FILE", "copy a SQLite workspace while it is in use, and check the copy"},
    {"serve", NULL, cmd_serve, "[--listen 127.0.0.1:8080] [--threads N] [--cache-mb 16] [--no-jobs] [--trust-proxy ADDR,...]",
     "run the web UI, the JSON API and the job worker"},
    {"user", "add", cmd_user_add, "EMAIL --name NAME --role admin|pm|contributor|viewer|portal [--customer ID|NAME]",
     "add a user (password from standard input, or asked for on a terminal); a portal user may speak for a customer"},
    {"user", "list", cmd_user_list, "", "list users"},
    {"user", "set", cmd_user_set, "EMAIL [--name NAME] [--role ROLE] [--active yes|no] [--customer ID|NAME|'']",
     "change a user"},
    {"user", "passwd", cmd_user_passwd, "EMAIL", "set a user's password (ends their sessions)"},
    {"token", "create", cmd_token_create, "EMAIL [--name NAME]", "create an API token; prints it alone"},
    {"token", "list", cmd_token_list, "EMAIL", "list a user's API tokens"},
    {"token", "revoke", cmd_token_revoke, "ID", "revoke an API token"},
    {"product", "add", cmd_product_add, "KEY --name NAME [--description TEXT]", "add a product"},
    {"product", "list", cmd_product_list, "", "list products"},
    {"product", "show", cmd_product_show, "KEY", "show a product"},
    {"product", "edit", cmd_product_edit, "KEY [--name NAME] [--description TEXT] [--now-limit N|none] [--if-version N]", "edit a product"},
    {"idea", "add", cmd_idea_add,
     "--product KEY --title TEXT [--description MARKDOWN] [--source customer|sales|support|engineering|leadership|other] "
     "[--customer NAME]",
     "submit an idea"},
    {"idea", "list", cmd_idea_list,
     "[--product KEY] [--status new,under_review,...|open|all] [--source S] [--feature KEY] [--mine] [--q TEXT] "
     "[--sort newest|votes|updated] [--limit N] [--after CURSOR] [--with-description]",
     "list ideas, with where each one stands"},
    {"idea", "show", cmd_idea_show, "ID", "show an idea"},
    {"idea", "edit", cmd_idea_edit, "ID [--title T] [--description D] [--source S] [--customer C] [--product KEY]",
     "edit an idea"},
    {"idea", "review", cmd_idea_review, "ID", "put an idea under review"},
    {"idea", "promote", cmd_idea_promote, "ID [--feature KEY]", "plan an idea: new feature, or link to KEY"},
    {"idea", "decline", cmd_idea_decline, "ID --reason TEXT", "decline an idea, saying why"},
    {"idea", "duplicate", cmd_idea_duplicate, "ID --of ID", "mark an idea as a duplicate of another"},
    {"idea", "reopen", cmd_idea_reopen, "ID", "put a planned, declined or duplicate idea back under review"},
    {"idea", "vote", cmd_idea_vote, "ID [--undo]", "vote for an idea (needs --user)"},
    {"idea", "comment", cmd_idea_comment, "ID --body MARKDOWN [--public]",
     "comment on an idea (--public: a reply customers read in the portal)"},
    {"idea", "publish", cmd_idea_publish, "ID [--title PUBLIC_TITLE] [--description MARKDOWN] [--if-version N]",
     "show an idea in the customer portal, with the title and description customers see"},
    {"idea", "unpublish", cmd_idea_unpublish, "ID [--if-version N]", "take an idea off the customer portal"},
    {"idea", "similar", cmd_idea_similar, "ID", "ideas that may be the same as this one, most alike first"},
    {"idea", "merge", cmd_idea_merge, "ID --into ID2 [--if-version N]",
     "merge an idea into ID2: votes, feedback links and followers move there"},
    {"feature", "add", cmd_feature_add,
     "--product KEY --title TEXT [--description MD] [--status S] [--horizon H] [--reach N --impact N --confidence PCT "
     "--effort PM] [--ice-impact N --ice-confidence N --ice-ease N]",
     "add a feature"},
    {"feature", "list", cmd_feature_list,
     "[--product KEY] [--status S,...|open|all] [--horizon H] [--q TEXT] [--sort rank|rice|ice|updated] [--limit N] "
     "[--after CURSOR] [--csv] [--with-description]",
     "list the backlog"},
    {"feature", "show", cmd_feature_show, "KEY", "show a feature and its scores"},
    {"feature", "edit", cmd_feature_edit, "KEY [same options as add] [--no-rice] [--no-ice] [--team NAME|''] [--size N|none] "
     "[--category C|''] [--if-version N]",
     "edit a feature (--team, --size in person-months and --category are for planning)"},
    {"feature", "move", cmd_feature_move,
     "KEY [--before KEY | --after KEY | --top | --bottom] [--horizon H] [--displace KEY ...] [--displace-to H] [--reason TEXT]",
     "rank a feature or move it on the board; into a full Now, name what moves out"},
    /* focus: trade-offs made explicit and focus health */
    {"focus", NULL, cmd_focus, "--product KEY [--json]",
     "focus health: churn of Now, dwell time, work in progress per team, how long vision and objectives have stood"},
    {"tradeoffs", NULL, cmd_tradeoffs, "--product KEY [--limit N] [--json]", "trade-off decisions: what went into Now and what moved out, why"},
    {"feature", "comment", cmd_feature_comment, "KEY --body MARKDOWN", "comment on a feature"},
    /* scoring frameworks */
    {"feature", "score", cmd_feature_score, "KEY FRAMEWORK NAME=VALUE... | KEY --clear FRAMEWORK [--if-version N]",
     "score a feature in rice, ice, wsjf, weighted, value_effort, moscow or kano; prints the arithmetic"},
    {"feature", "scores", cmd_feature_scores, "KEY", "a feature's score in every framework (* marks the main one)"},
    {"feature", "rank", cmd_feature_rank, "--product KEY [--by FRAMEWORK] [--limit N] [--offset N]",
     "a product's features ranked by a framework (default: its main one)"},
    {"criterion", "add", cmd_criterion_add, "--product KEY --name NAME --weight W [--position N]",
     "add a criterion for weighted scoring (weights >= 0, not all 0)"},
    {"criterion", "list", cmd_criterion_list, "--product KEY", "list a product's criteria"},
    {"criterion", "edit", cmd_criterion_edit, "ID [--name NAME] [--weight W] [--position N] [--if-version N]",
     "edit a criterion; a new weight rescores the product"},
    {"criterion", "remove", cmd_criterion_remove, "ID [--if-version N]", "remove a criterion and rescore the product"},
    {"product", "framework", cmd_product_framework, "KEY [FRAMEWORK] [--if-version N]",
     "show or choose a product's main framework"},
    {"job", "add", cmd_job_add, "housekeeping|recount [--in SECONDS]", "queue a background job (admins)"},
    {"job", "list", cmd_job_list, "[--status queued,running,done,failed] [--limit N]", "list background jobs"},
    {"job", "run", cmd_job_run, "", "run every due job now, in this process"},
    {"idea", "follow", cmd_idea_follow, "ID", "follow an idea: hear of its status changes in your inbox (needs --user)"},
    {"idea", "unfollow", cmd_idea_unfollow, "ID", "stop following an idea"},
    /* "inbox read" before "inbox": a command without a subcommand matches at once. */
    {"inbox", "read", cmd_inbox_read, "ID|--all", "mark a notification (or all) read"},
    {"inbox", NULL, cmd_inbox, "[--unread] [--limit N] [--before ID]", "your notifications, newest first (needs --user)"},
    {"webhook", "add", cmd_webhook_add, "URL [--events idea.status] [--secret S] [--off]",
     "POST idea status changes to URL, signed (admins; prints the secret once)"},
    {"webhook", "list", cmd_webhook_list, "", "list webhooks"},
    {"webhook", "edit", cmd_webhook_edit, "ID [--url URL] [--events E] [--secret S] [--on|--off] [--if-version N]",
     "change a webhook"},
    {"webhook", "remove", cmd_webhook_remove, "ID", "remove a webhook and its deliveries"},
    {"webhook", "deliveries", cmd_webhook_deliveries, "ID [--limit N] [--before ID]", "what was sent, and how it went"},
    {"webhook", "test", cmd_webhook_test, "ID", "queue a ping delivery"},
    {"settings", "list", cmd_settings_list, "", "workspace settings and their meaning (admins)"},
    {"settings", "get", cmd_settings_get, "KEY", "show one setting"},
    {"settings", "set", cmd_settings_set, "KEY [VALUE|-]", "change a setting (no VALUE or -: read it from standard input)"},
    {"settings", "unset", cmd_settings_unset, "KEY", "reset a setting to its default"},
    {"customer", "add", cmd_customer_add, "NAME [--segment enterprise|mid-market|smb|...] [--arr N] [--plan PLAN]",
     "add a customer"},
    {"customer", "list", cmd_customer_list, "[--q TEXT] [--segment S] [--sort name|arr] [--limit N] [--after CURSOR]",
     "list customers"},
    {"customer", "show", cmd_customer_show, "ID|NAME", "show a customer and its contacts"},
    {"customer", "edit", cmd_customer_edit, "ID|NAME [--name N] [--segment S] [--arr N] [--plan P] [--if-version N]",
     "edit a customer"},
    {"contact", "add", cmd_contact_add, "CUSTOMER --name NAME [--email EMAIL]", "add a contact to a customer"},
    {"feedback", "add", cmd_feedback_add,
     "--text TEXT|- [--channel support|survey|interview|sales_call|review|chat|email|other] [--customer ID|NAME] "
     "[--contact-email E] [--contact-name N] [--product KEY] [--reference REF] [--date DATE] [--tags a,b] [--archived]",
     "record what someone said"},
    {"feedback", "list", cmd_feedback_list,
     "[--status inbox|linked|archived|all] [--channel C] [--customer C] [--product KEY] [--tag T] [--idea ID] "
     "[--feature KEY] [--limit N] [--after CURSOR]",
     "list feedback, newest first (the inbox by default)"},
    {"feedback", "show", cmd_feedback_show, "ID", "show feedback and its links"},
    {"feedback", "edit", cmd_feedback_edit,
     "ID [--text T] [--channel C] [--customer C] [--product KEY] [--reference R] [--date D] [--tags a,b] "
     "[--archive|--unarchive] [--if-version N]",
     "edit or triage feedback"},
    {"feedback", "link", cmd_feedback_link, "ID --idea ID|--feature KEY [--quote TEXT] [--importance nice_to_have|important|critical]",
     "link feedback to an idea or feature, with the quote that matters"},
    {"feedback", "unlink", cmd_feedback_unlink, "ID LINK", "remove a link"},
    {"feature", "demand", cmd_feature_demand, "KEY", "who wants a feature: customers, ARR by segment, quotes"},
    {"feature", "reach-from-demand", cmd_feature_reach_from_demand, "KEY [--if-version N]",
     "set RICE reach to the number of customers asking"},
    {"idea", "demand", cmd_idea_demand, "ID", "who wants an idea: customers, ARR by segment, quotes"},
    {"search", NULL, cmd_search, "QUERY [--type feedback,idea,feature] [--product KEY] [--limit N] [--after NEXT]",
     "search feedback, ideas and features (words, \"phrases\", -word, prefix*)"},
    {"matrix", NULL, cmd_matrix, "[--product KEY] [--initiative ID|NAME] [--team ID|NAME]",
     "impact vs effort: features by quadrant (quick wins, big bets, fill-ins, time sinks)"},
    /* strategy: vision, personas, objectives */
    {"vision", "show", cmd_vision_show, "PRODUCT [--revision N]", "show a product's vision (the newest revision, or one)"},
    {"vision", "edit", cmd_vision_edit,
     "PRODUCT [--why T] [--how T] [--what T] [--value-proposition T] [--target-personas T] [--differentiation T] "
     "[--alignment T] [--reason WHY] [--base N]",
     "save a new revision of the vision (fields not given keep their text; a reason from the second revision on)"},
    {"vision", "history", cmd_vision_history, "PRODUCT", "list the vision's revisions: who, when, why"},
    {"vision", "compare", cmd_vision_compare, "PRODUCT FROM TO", "compare two revisions of the vision field by field"},
    {"persona", "add", cmd_persona_add,
     "PRODUCT NAME [--description T] [--says T] [--thinks T] [--does T] [--feels T] [--goals T] [--pains T]", "add a persona"},
    {"persona", "list", cmd_persona_list, "PRODUCT", "list a product's personas"},
    {"persona", "show", cmd_persona_show, "ID | PRODUCT NAME", "show a persona's empathy map and the features serving it"},
    {"persona", "edit", cmd_persona_edit, "ID | PRODUCT NAME [--name N] [--says T] ... [--if-version N]", "edit a persona"},
    {"persona", "remove", cmd_persona_remove, "ID | PRODUCT NAME [--if-version N]", "remove a persona"},
    {"feature", "personas", cmd_feature_personas, "KEY [--add NAME | --remove NAME]",
     "list, add or remove the personas a feature serves"},
    {"objective", "add", cmd_objective_add,
     "PRODUCT --period 2026-Q4 --title T [--description D] [--owner EMAIL] [--status active|achieved|missed|dropped]",
     "add an objective for a quarter"},
    {"objective", "list", cmd_objective_list, "[PRODUCT] [--period 2026-Q4]", "list objectives with their progress"},
    {"objective", "show", cmd_objective_show, "ID", "show an objective, its key results and progress"},
    {"objective", "edit", cmd_objective_edit,
     "ID [--period P] [--title T] [--description D] [--owner EMAIL] [--status S] [--if-version N]", "edit an objective"},
    {"kr", "add", cmd_kr_add, "OBJECTIVE_ID --title T --baseline N --target N [--metric M] [--unit U]",
     "add a key result to an objective"},
    {"kr", "edit", cmd_kr_edit, "KR_ID [--title T] [--metric M] [--unit U] [--baseline N] [--target N] [--if-version N]",
     "edit a key result"},
    {"kr", "checkin", cmd_kr_checkin, "KR_ID --value N [--comment TEXT] [--if-version N]",
     "record a key result's current value"},
    {"kr", "history", cmd_kr_history, "KR_ID", "show a key result's check-ins"},
    {"initiative", "add", cmd_initiative_add, "PRODUCT NAME [--description D]", "add an initiative (a theme)"},
    {"initiative", "list", cmd_initiative_list, "PRODUCT", "list a product's initiatives"},
    {"initiative", "show", cmd_initiative_show, "ID | PRODUCT NAME", "show an initiative, its objectives and features"},
    {"initiative", "edit", cmd_initiative_edit, "ID | PRODUCT NAME [--name N] [--description D] [--if-version N]",
     "edit an initiative"},
    {"initiative", "link", cmd_initiative_link, "ID|NAME --objective ID [--unlink]",
     "link an objective to an initiative (or unlink it)"},
    {"feature", "initiative", cmd_feature_initiative, "KEY [ID|NAME | --none]",
     "show or set the initiative a feature belongs to"},
    {"competitor", "add", cmd_competitor_add, "PRODUCT NAME [--website URL] [--strengths T] [--weaknesses T]",
     "add a competitor"},
    {"competitor", "list", cmd_competitor_list, "PRODUCT", "list a product's competitors"},
    {"competitor", "show", cmd_competitor_show, "ID | PRODUCT NAME", "show a competitor"},
    {"competitor", "edit", cmd_competitor_edit,
     "ID | PRODUCT NAME [--name N] [--website URL] [--strengths T] [--weaknesses T] [--if-version N]", "edit a competitor"},
    {"competitor", "remove", cmd_competitor_remove, "ID | PRODUCT NAME [--if-version N]", "remove a competitor"},
    {"capability", "add", cmd_capability_add, "PRODUCT NAME [--ours 0..3|none|partial|on-par|leading] [--note T]",
     "add a capability to compare"},
    {"capability", "set", cmd_capability_set, "PRODUCT NAME [--ours LEVEL] [--competitor C --level LEVEL] [--note T]",
     "set our level or a competitor's at a capability"},
    {"capability", "list", cmd_capability_list, "PRODUCT", "the capability comparison: us and each competitor"},
    {"log", NULL, cmd_log, "[--entity feature:KEY|idea:ID] [--limit N] [--before ID]", "show recent changes"},
    {"routes", NULL, cmd_routes, "", "list the HTTP routes and who may use them"},
    /* planning: teams, capacity, allocation, dependencies and the planner (cmd_plan.c) */
    {"team", "add", cmd_team_add, "--product KEY --name NAME [--wip-limit N]", "add a team to a product"},
    {"team", "list", cmd_team_list, "--product KEY [--period 2026-Q4]", "list a product's teams with their capacity"},
    {"team", "edit", cmd_team_edit, "TEAM [--product KEY] [--name N] [--wip-limit N|none] [--if-version N]",
     "rename a team or change its WIP limit"},
    {"team", "remove", cmd_team_remove, "TEAM [--product KEY] [--if-version N]",
     "remove a team (its features keep no team)"},
    {"team", "capacity", cmd_team_capacity, "TEAM [--product KEY] [--period 2026-Q4] --capacity PERSON-MONTHS",
     "set a team's capacity for a quarter"},
    {"feature", "depends", cmd_feature_depends, "KEY [--on KEY [--remove]]",
     "make a feature depend on another (or no longer); shows its dependencies"},
    {"allocation", "set", cmd_allocation_set, "--product KEY [--period 2026-Q4] CATEGORY=PERCENT...",
     "set allocation targets (innovation, infrastructure, customer_requests, objectives, keep_the_lights_on)"},
    {"allocation", "show", cmd_allocation_show, "--product KEY [--period 2026-Q4]",
     "allocation targets against the shares on Now, per team and in total"},
    {"plan", NULL, cmd_plan, "--product KEY [--period 2026-Q4]",
     "propose the features that fit each team's capacity with the highest total score"},
    {NULL, NULL, NULL, NULL, NULL},
};

static void print_overview(FILE *f) {
  fprintf(f, "keel — product management: ideas, a scored backlog and a Now / Next / Later board\n\n"
             "usage: keel [--db PATH] [--user EMAIL] [--json] COMMAND ...\n\ncommands:\n");
  for (const struct cli_cmd *c = cli_commands; c->name; c++) {
    char name[64];
    snprintf(name, sizeof name, "%s%s%s", c->name, c->sub ? " " : "", c->sub ? c->sub : "");
    fprintf(f, "  %-18s %s\n", name, c->help);
  }
  fprintf(f, "\nkeel help COMMAND shows a command's options. The database is --db, else $KEEL_DB, else ./keel.db.\n"
             "Without --user (or $KEEL_USER) commands act as the workspace owner, who may do everything.\n");
}

static int help(const char *name, const char *sub) {
  int found = 0;
  for (const struct cli_cmd *c = cli_commands; c->name; c++) {
    if (strcmp(c->name, name) != 0 || (sub && c->sub && strcmp(c->sub, sub) != 0)) continue;
    printf("keel %s%s%s %s\n    %s\n", c->name, c->sub ? " " : "", c->sub ? c->sub : "", c->usage, c->help);
    found = 1;
  }
  if (!found) {
    fprintf(stderr, "keel: no command '%s%s%s'\n", name, sub ? " " : "", sub ? sub : "");
    return EXIT_USAGE;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (crypto_init()) {
    fprintf(stderr, "keel: the crypto library failed to start\n");
    return 1;
  }
  md_init();
  if (db_global_init()) {
    fprintf(stderr, "keel: the database library failed to start\n");
    return 1;
  }
  if (app_outbound_init()) { /* libcurl, for webhooks and e-mail: once, before any thread */
    fprintf(stderr, "keel: the HTTP client library failed to start\n");
    return 1;
  }

  struct cli c = {0};
  c.db_path = getenv("KEEL_DB");
  c.user = getenv("KEEL_USER");
  /* Pull the global options out, wherever they are. */
  char **args = calloc((size_t)argc + 1, sizeof *args);
  if (!args) return 1;
  int n = 0, show_help = 0;
  for (int i = 1; i < argc; i++) {
    const char *w = argv[i];
    if (strcmp(w, "--db") == 0 && i + 1 < argc) c.db_path = argv[++i];
    else if (strncmp(w, "--db=", 5) == 0) c.db_path = w + 5;
    else if (strcmp(w, "--user") == 0 && i + 1 < argc) c.user = argv[++i];
    else if (strncmp(w, "--user=", 7) == 0) c.user = w + 7;
    else if (strcmp(w, "--json") == 0) c.json = 1;
    else if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0) show_help = 1;
    else args[n++] = argv[i];
  }
  if (!c.db_path || !*c.db_path) c.db_path = "keel.db";
  int rc;
  if (n == 0) {
    print_overview(show_help ? stdout : stderr);
    rc = show_help ? 0 : EXIT_USAGE;
    goto out;
  }
  if (strcmp(args[0], "help") == 0) {
    rc = n > 1 ? help(args[1], n > 2 ? args[2] : NULL) : (print_overview(stdout), 0);
    goto out;
  }
  if (strcmp(args[0], "version") == 0 || strcmp(args[0], "--version") == 0) {
    printf("keel %s\n", KEEL_VERSION);
    rc = 0;
    goto out;
  }
  const struct cli_cmd *cmd = NULL;
  int has_sub = 0;
  for (const struct cli_cmd *p = cli_commands; p->name; p++) {
    if (strcmp(p->name, args[0]) != 0) continue;
    if (!p->sub) {
      cmd = p;
      break;
    }
    has_sub = 1;
    if (n > 1 && strcmp(p->sub, args[1]) == 0) {
      cmd = p;
      break;
    }
  }
  if (!cmd) {
    if (has_sub) {
      fprintf(stderr, "keel %s: say what to do: ", args[0]);
      for (const struct cli_cmd *p = cli_commands; p->name; p++)
        if (strcmp(p->name, args[0]) == 0) fprintf(stderr, "%s ", p->sub);
      fprintf(stderr, "\n");
    } else {
      fprintf(stderr, "keel: no command '%s' (see: keel help)\n", args[0]);
    }
    rc = EXIT_USAGE;
    goto out;
  }
  if (show_help) {
    rc = help(cmd->name, cmd->sub);
    goto out;
  }
  c.a = arena_new(64 * 1024);
  c.x = (struct app){.a = c.a, .actor = &c.actor, .now = time_now(), .e = &c.e};
  int shift = cmd->sub ? 1 : 0;
  rc = cmd->run(&c, n - shift, args + shift);
  db_close(c.db);
  arena_free(c.a);
out:
  free(args);
  return rc;
}
