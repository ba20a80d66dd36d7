/*
 * validate.c - the executability rules P05..P19 and the generation-rule
 * warnings W01..W03 over a parsed plan (tutor/plan.h, docs/plans.md).
 * Every violation is reported, each with its JSON path.  Pure: reads the
 * plan, appends to the report.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_internal.h"

#define NONE ((size_t)-1)
#define PCAP 160

/* Validation state: indexes and positions, one allocation. */
struct vc {
	const struct tu_plan *p;
	const char *pre;
	struct tu_plan_report *rep;
	struct plan_idx *six;      /* steps by id */
	size_t *agent_of;          /* step -> agent index or NONE */
	size_t *dep;               /* step k's resolved deps at k * DEPS_MAX */
	size_t *pos_e, *pos_j;     /* order position: entry, index in loop */
	unsigned char *color;      /* DFS */
	size_t *stack;
	size_t depth;
	size_t errors;
};

static void err_at(struct vc *c, enum tu_plan_rule rule, const char *path,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void err_at(struct vc *c, enum tu_plan_rule rule, const char *path,
		   const char *fmt, ...)
{
	char msg[352];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->errors++;
	tu_plan_report_add(c->rep, TU_PLAN_ERROR, rule, path, "%s", msg);
}

static void warn_at(struct vc *c, enum tu_plan_rule rule, const char *path,
		    const char *msg)
{
	tu_plan_report_add(c->rep, TU_PLAN_WARNING, rule, path, "%s", msg);
}

static bool vc_alloc(struct vc *c)
{
	size_t n = c->p->n_steps ? c->p->n_steps : 1;

	c->six = calloc(n, sizeof(*c->six));
	c->agent_of = calloc(n, sizeof(size_t));
	c->dep = calloc(n * TU_PLAN_DEPS_MAX, sizeof(size_t));
	c->pos_e = calloc(n, sizeof(size_t));
	c->pos_j = calloc(n, sizeof(size_t));
	c->color = calloc(n, 1);
	c->stack = calloc(n + 1, sizeof(size_t));
	return c->six && c->agent_of && c->dep && c->pos_e && c->pos_j &&
	       c->color && c->stack;
}

static void vc_free(struct vc *c)
{
	free(c->six);
	free(c->agent_of);
	free(c->dep);
	free(c->pos_e);
	free(c->pos_j);
	free(c->color);
	free(c->stack);
}

static size_t step_of(const struct vc *c, const char *id)
{
	return plan_idx_find(c->six, c->p->n_steps, id);
}

/* ---- ids ------------------------------------------------------------------ */

static void check_step_ids(struct vc *c)
{
	char path[PCAP];

	for (size_t k = 0; k < c->p->n_steps; k++) {
		c->six[k].id = c->p->steps[k].id;
		c->six[k].i = k;
	}
	plan_idx_sort(c->six, c->p->n_steps);
	for (size_t i = 1; i < c->p->n_steps; i++) {
		if (strcmp(c->six[i].id, c->six[i - 1].id) != 0)
			continue;
		plan_step_path(c->p, c->pre, c->six[i].i, path, sizeof(path));
		strncat(path, ".id", sizeof(path) - strlen(path) - 1);
		err_at(c, TU_PLAN_R_DUP_ID, path, "duplicate step id \"%s\"",
		       c->six[i].id);
	}
}

static void check_other_ids(struct vc *c)
{
	const struct tu_plan *p = c->p;
	char path[PCAP];

	for (size_t i = 0; i < p->n_agents; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->agents[i].role, p->agents[j].role) == 0) {
				plan_pathf(path, sizeof(path),
					 "%s.agents[%zu].agent_role", c->pre, i);
				err_at(c, TU_PLAN_R_DUP_ID, path,
				       "duplicate agent role \"%s\"",
				       p->agents[i].role);
				break;
			}
	for (size_t i = 0; i < p->n_subtasks; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->subtasks[i].id, p->subtasks[j].id) == 0) {
				plan_pathf(path, sizeof(path),
					 "%s.subtasks[%zu].id", c->pre, i);
				err_at(c, TU_PLAN_R_DUP_ID, path,
				       "duplicate subtask id \"%s\"",
				       p->subtasks[i].id);
				break;
			}
}

/* ---- agents and tools ----------------------------------------------------- */

static size_t agent_index(const struct tu_plan *p, const char *role)
{
	for (size_t i = 0; i < p->n_agents; i++)
		if (strcmp(p->agents[i].role, role) == 0)
			return i;
	return NONE;
}

static bool agent_has_tool(const struct tu_plan_agent *a, const char *tool)
{
	for (size_t i = 0; i < a->n_tools; i++)
		if (strcmp(a->tools[i], tool) == 0)
			return true;
	return false;
}

static void check_agent_tools(struct vc *c)
{
	char path[PCAP];
	enum tu_plan_tool t;

	for (size_t i = 0; i < c->p->n_agents; i++)
		for (size_t k = 0; k < c->p->agents[i].n_tools; k++) {
			const char *name = c->p->agents[i].tools[k];

			if (tu_plan_tool_lookup(name, &t))
				continue;
			plan_pathf(path, sizeof(path), "%s.agents[%zu].tools[%zu]",
				 c->pre, i, k);
			err_at(c, TU_PLAN_R_TOOL_UNKNOWN, path,
			       "unknown tool \"%s\" (not in the tool "
			       "whitelist)", name);
		}
}

static void check_step_agent(struct vc *c, size_t k)
{
	const struct tu_plan_step *s = &c->p->steps[k];
	char base[PCAP], path[PCAP];
	enum tu_plan_tool t;
	size_t a = agent_index(c->p, s->agent);

	c->agent_of[k] = a;
	plan_step_path(c->p, c->pre, k, base, sizeof(base));
	if (a == NONE) {
		plan_pathf(path, sizeof(path), "%s.agent", base);
		err_at(c, TU_PLAN_R_AGENT_UNKNOWN, path,
		       "agent \"%s\" is not declared in agents", s->agent);
	}
	if (!s->tool)
		return;
	plan_pathf(path, sizeof(path), "%s.tool", base);
	if (!tu_plan_tool_lookup(s->tool, &t))
		err_at(c, TU_PLAN_R_TOOL_UNKNOWN, path,
		       "unknown tool \"%s\" (not in the tool whitelist)",
		       s->tool);
	else if (a != NONE && !agent_has_tool(&c->p->agents[a], s->tool))
		err_at(c, TU_PLAN_R_TOOL_NOT_ALLOWED, path,
		       "tool \"%s\" is not among the tools of agent \"%s\"",
		       s->tool, s->agent);
}

static void check_agents_used(struct vc *c)
{
	char path[PCAP];

	for (size_t i = 0; i < c->p->n_agents; i++) {
		bool used = false;

		for (size_t k = 0; k < c->p->n_steps && !used; k++)
			used = c->agent_of[k] == i;
		if (used)
			continue;
		plan_pathf(path, sizeof(path), "%s.agents[%zu]", c->pre, i);
		err_at(c, TU_PLAN_R_AGENT_UNUSED, path,
		       "agent \"%s\" runs no step", c->p->agents[i].role);
	}
}

/* ---- dependencies and cycles ------------------------------------------------ */

static void resolve_deps(struct vc *c, size_t k)
{
	const struct tu_plan_step *s = &c->p->steps[k];
	char base[PCAP], path[PCAP];

	plan_step_path(c->p, c->pre, k, base, sizeof(base));
	for (size_t j = 0; j < s->n_deps; j++) {
		size_t d = step_of(c, s->depends_on[j]);

		c->dep[k * TU_PLAN_DEPS_MAX + j] = d;
		if (d != NONE)
			continue;
		plan_pathf(path, sizeof(path), "%s.depends_on[%zu]", base, j);
		err_at(c, TU_PLAN_R_DEP_UNRESOLVED, path,
		       "depends on \"%s\", which is not a step of the plan",
		       s->depends_on[j]);
	}
}

/* Reports the cycle stack[from..depth) closed by an edge back to v. */
static void report_cycle(struct vc *c, size_t from, size_t v)
{
	char path[PCAP], chain[300] = "";
	size_t len = 0;

	for (size_t i = from; i < c->depth && len < sizeof(chain) - 1; i++)
		len += (size_t)snprintf(chain + len, sizeof(chain) - len,
					"%s -> ",
					c->p->steps[c->stack[i]].id);
	if (len < sizeof(chain) - 1)
		snprintf(chain + len, sizeof(chain) - len, "%s",
			 c->p->steps[v].id);
	plan_step_path(c->p, c->pre, v, path, sizeof(path));
	strncat(path, ".depends_on", sizeof(path) - strlen(path) - 1);
	err_at(c, TU_PLAN_R_CYCLE, path, "dependency cycle: %s", chain);
}

/* DFS over "depends on" edges; 1 = on the stack, 2 = done. */
static void dfs(struct vc *c, size_t u)
{
	const struct tu_plan_step *s = &c->p->steps[u];

	c->color[u] = 1;
	c->stack[c->depth++] = u;
	for (size_t j = 0; j < s->n_deps; j++) {
		size_t v = c->dep[u * TU_PLAN_DEPS_MAX + j];

		if (v == NONE)
			continue;
		if (c->color[v] == 1) {
			size_t from = c->depth;

			while (from > 0 && c->stack[from - 1] != v)
				from--;
			report_cycle(c, from ? from - 1 : 0, v);
		} else if (c->color[v] == 0) {
			dfs(c, v);
		}
	}
	c->depth--;
	c->color[u] = 2;
}

/* ---- execution order --------------------------------------------------------- */

static void place(struct vc *c, const char *id, size_t e, size_t j,
		  const char *path)
{
	size_t k = step_of(c, id);

	if (k == NONE) {
		err_at(c, TU_PLAN_R_ORDER_UNKNOWN, path,
		       "\"%s\" is not a step of the plan", id);
	} else if (c->pos_e[k] != NONE) {
		err_at(c, TU_PLAN_R_ORDER_DUP, path,
		       "step \"%s\" is listed more than once", id);
	} else {
		c->pos_e[k] = e;
		c->pos_j[k] = j;
	}
}

static void place_all(struct vc *c)
{
	char path[PCAP];

	for (size_t k = 0; k < c->p->n_steps; k++)
		c->pos_e[k] = NONE;
	for (size_t e = 0; e < c->p->n_order; e++) {
		const struct tu_plan_entry *en = &c->p->order[e];

		plan_pathf(path, sizeof(path), "%s.execution_order[%zu]", c->pre,
			 e);
		if (en->kind == TU_PLAN_ENTRY_STEP) {
			place(c, en->step, e, 0, path);
			continue;
		}
		for (size_t j = 0; j < en->loop.n_steps; j++) {
			char lp[PCAP + 32];

			plan_pathf(lp, sizeof(lp), "%s.loop.%s", path,
				 en->loop.single_form ? "step" : "steps");
			if (!en->loop.single_form)
				plan_pathf(lp + strlen(lp),
					 sizeof(lp) - strlen(lp), "[%zu]", j);
			place(c, en->loop.steps[j], e, j, lp);
		}
	}
}

static bool before(const struct vc *c, size_t a, size_t b)
{
	return c->pos_e[a] < c->pos_e[b] ||
	       (c->pos_e[a] == c->pos_e[b] && c->pos_j[a] < c->pos_j[b]);
}

static void check_order(struct vc *c)
{
	char path[PCAP];

	for (size_t k = 0; k < c->p->n_steps; k++) {
		const struct tu_plan_step *s = &c->p->steps[k];

		plan_step_path(c->p, c->pre, k, path, sizeof(path));
		if (c->pos_e[k] == NONE) {
			err_at(c, TU_PLAN_R_ORDER_MISSING, path,
			       "step \"%s\" is not in execution_order",
			       s->id);
			continue;
		}
		for (size_t j = 0; j < s->n_deps; j++) {
			size_t d = c->dep[k * TU_PLAN_DEPS_MAX + j];
			char dp[PCAP + 24];

			if (d == NONE || d == k || c->pos_e[d] == NONE ||
			    before(c, d, k))
				continue;
			plan_pathf(dp, sizeof(dp), "%s.depends_on[%zu]", path, j);
			err_at(c, TU_PLAN_R_ORDER_DEP, dp,
			       "dependency \"%s\" runs after step \"%s\" in "
			       "execution_order", s->depends_on[j], s->id);
		}
	}
}

/* ---- loops ------------------------------------------------------------------ */

static bool loop_has(const struct tu_plan_loop *l, const char *id)
{
	for (size_t j = 0; j < l->n_steps; j++)
		if (strcmp(l->steps[j], id) == 0)
			return true;
	return false;
}

/* Whether a step placed after entry e depends on step cs. */
static bool resolved_after(const struct vc *c, size_t e, size_t cs)
{
	for (size_t k = 0; k < c->p->n_steps; k++) {
		if (c->pos_e[k] == NONE || c->pos_e[k] <= e)
			continue;
		for (size_t j = 0; j < c->p->steps[k].n_deps; j++)
			if (c->dep[k * TU_PLAN_DEPS_MAX + j] == cs)
				return true;
	}
	return false;
}

/* The step after the loop depends on some loop step (W04), or none does
 * (P18). */
static void check_indirect(struct vc *c, size_t e, const char *path)
{
	const struct tu_plan_loop *l = &c->p->order[e].loop;

	for (size_t j = 0; j < l->n_steps; j++) {
		size_t k = step_of(c, l->steps[j]);

		if (k != NONE && resolved_after(c, e, k)) {
			warn_at(c, TU_PLAN_R_RESOLUTION_INDIRECT, path,
				"the step after the loop depends on a loop "
				"step but not on the condition step");
			return;
		}
	}
	err_at(c, TU_PLAN_R_LOOP_RESOLUTION, path, "no step after the loop "
	       "depends on its condition step \"%s\" (no resolution step)",
	       l->cond.step);
}

static void check_loop(struct vc *c, size_t e)
{
	const struct tu_plan_loop *l = &c->p->order[e].loop;
	char path[PCAP], at[PCAP + 24];
	size_t cs;

	plan_pathf(path, sizeof(path), "%s.execution_order[%zu].loop", c->pre, e);
	plan_pathf(at, sizeof(at), "%s.condition", path);
	if (!l->cond.ok) {
		err_at(c, TU_PLAN_R_LOOP_CONDITION, at, "condition \"%s\" is "
		       "not of the form <step>.<flag> == <value>",
		       l->condition ? l->condition : "");
	} else if (!loop_has(l, l->cond.step)) {
		err_at(c, TU_PLAN_R_LOOP_CONDITION, at, "condition step \"%s\" "
		       "is not inside the loop", l->cond.step);
	} else if ((cs = step_of(c, l->cond.step)) != NONE &&
		   !resolved_after(c, e, cs)) {
		check_indirect(c, e, path);
	}
	if (l->max_iterations < 2 || l->max_iterations > 5) {
		plan_pathf(at, sizeof(at), "%s.max_iterations", path);
		c->errors++;
		tu_plan_report_add(c->rep, TU_PLAN_ERROR, TU_PLAN_R_LOOP_BOUNDS,
				   at, "max_iterations %lld is outside 2..5",
				   (long long)l->max_iterations);
	}
}

static void check_learner_step(struct vc *c)
{
	char path[PCAP];

	for (size_t k = 0; k < c->p->n_steps; k++)
		if (c->p->steps[k].requires_human_input)
			return;
	plan_pathf(path, sizeof(path), "%s.subtasks", c->pre);
	err_at(c, TU_PLAN_R_NO_LEARNER, path, "no step has "
	       "requires_human_input true: the plan never involves the "
	       "learner");
}

/* ---- warnings: generation rules of anchors 5.3 -------------------------------- */

static const char *const verbs[] = {
	"act", "acknowledge", "add", "address", "affirm", "adjust", "analyse", "analyze", "answer",
	"apply", "ask", "assess", "build", "call", "challenge", "check",
	"clarify", "classify", "collect", "compare", "compile", "complete",
	"confirm", "connect", "consider", "consolidate", "construct",
	"contrast", "convert", "correct", "create", "debug", "decide",
	"define", "deliver", "demonstrate", "describe", "design", "determine",
	"diagnose", "discuss", "do", "draft", "elicit", "emphasize",
	"encourage", "ensure", "evaluate", "examine", "execute", "explain",
	"explore", "extend", "fetch", "find", "fix", "frame", "gather",
	"generate", "give", "guide", "have", "help", "highlight", "identify",
	"illustrate", "implement", "inspect", "introduce", "invite", "let",
	"list", "look", "make", "map", "model", "modify", "note", "observe",
	"offer", "outline", "paraphrase", "pose", "prepare", "present",
	"probe", "prompt", "provide", "query", "quiz", "raise", "read", "recap",
	"recommend", "record", "refactor", "reflect", "reinforce", "relate",
	"remind", "repeat", "report", "request", "respond", "restate", "retrieve",
	"return", "review", "revise", "rewrite", "run", "search", "select",
	"set", "share", "show", "solve", "start", "state", "suggest",
	"summarise", "summarize", "supply", "take", "teach", "tell", "test",
	"trace", "translate", "try", "update", "use", "validate", "verify",
	"walk", "write", NULL
};

static bool in_list(const char *w, const char *const *list);

/* The first word of s is in the verb list. */
static bool opens_with_verb_plain(const char *s)
{
	char w[24];
	size_t n = 0;

	while (*s && !isalpha((unsigned char)*s))
		s++;
	while (isalpha((unsigned char)s[n]) && n < sizeof(w) - 1) {
		w[n] = (char)tolower((unsigned char)s[n]);
		n++;
	}
	w[n] = '\0';
	return in_list(w, verbs);
}

/* Words of a leading clause ("Using the docs, ask ..."): the verb then
 * opens the text after the first comma. */
static const char *const lead_words[] = {
	"using", "if", "once", "before", "after", "based", "building", "when",
	"with", "given", "starting", "while", NULL
};

static bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

static bool opens_with_verb(const char *s)
{
	char w[24];
	size_t n = 0;
	const char *comma;

	while (*s && !isalpha((unsigned char)*s))
		s++;
	while (isalpha((unsigned char)s[n]) && n < sizeof(w) - 1) {
		w[n] = (char)tolower((unsigned char)s[n]);
		n++;
	}
	w[n] = '\0';
	if (in_list(w, verbs))
		return true;
	comma = strchr(s, ',');
	return in_list(w, lead_words) && comma && comma[1] &&
	       !in_list(w, verbs) && opens_with_verb_plain(comma + 1);
}

/* Code blocks or a rules list lift the instruction budget (anchors 5.3). */
static bool has_block(const char *s)
{
	return strstr(s, "```") || strstr(s, "\n- ") || strstr(s, "\n1.") ||
	       strstr(s, "\n* ");
}

static void budget(struct vc *c, const char *base, const char *field,
		   const char *text, size_t max)
{
	char path[PCAP + 32];
	size_t n = plan_utf8_len(text);

	if (n <= max)
		return;
	plan_pathf(path, sizeof(path), "%s.%s", base, field);
	tu_plan_report_add(c->rep, TU_PLAN_WARNING, TU_PLAN_R_LENGTH, path,
			   "%zu characters, over the budget of %zu", n, max);
}

static void warn_agents(struct vc *c)
{
	char base[PCAP], path[PCAP + 16];

	for (size_t i = 0; i < c->p->n_agents; i++) {
		const struct tu_plan_agent *a = &c->p->agents[i];
		const char *b = a->backstory;

		plan_pathf(base, sizeof(base), "%s.agents[%zu]", c->pre, i);
		while (isspace((unsigned char)*b))
			b++;
		if (strncasecmp(b, "you are", 7) != 0) {
			plan_pathf(path, sizeof(path), "%s.backstory", base);
			warn_at(c, TU_PLAN_R_BACKSTORY, path, "backstory does "
				"not open with \"You are\"");
		}
		budget(c, base, "backstory", a->backstory, 280);
		budget(c, base, "goal", a->goal, 200);
	}
}

static void warn_steps(struct vc *c)
{
	char base[PCAP], path[PCAP + 16];

	for (size_t i = 0; i < c->p->n_subtasks; i++) {
		plan_pathf(base, sizeof(base), "%s.subtasks[%zu]", c->pre, i);
		budget(c, base, "subtask_objective",
		       c->p->subtasks[i].objective, 160);
	}
	for (size_t k = 0; k < c->p->n_steps; k++) {
		const struct tu_plan_step *s = &c->p->steps[k];

		plan_step_path(c->p, c->pre, k, base, sizeof(base));
		if (!opens_with_verb(s->instruction)) {
			plan_pathf(path, sizeof(path), "%s.instruction", base);
			warn_at(c, TU_PLAN_R_IMPERATIVE, path, "instruction "
				"does not open with an imperative verb");
		}
		if (!has_block(s->instruction))
			budget(c, base, "instruction", s->instruction, 750);
		budget(c, base, "objective", s->objective, 140);
		budget(c, base, "expected_output", s->expected_output, 180);
	}
}

/* ---- entry ---------------------------------------------------------------- */

static void run_checks(struct vc *c)
{
	check_step_ids(c);
	check_other_ids(c);
	check_agent_tools(c);
	for (size_t k = 0; k < c->p->n_steps; k++)
		check_step_agent(c, k);
	check_agents_used(c);
	for (size_t k = 0; k < c->p->n_steps; k++)
		resolve_deps(c, k);
	for (size_t k = 0; k < c->p->n_steps; k++)
		if (c->color[k] == 0)
			dfs(c, k);
	place_all(c);
	check_order(c);
	for (size_t e = 0; e < c->p->n_order; e++)
		if (c->p->order[e].kind == TU_PLAN_ENTRY_LOOP)
			check_loop(c, e);
	check_learner_step(c);
	warn_agents(c);
	warn_steps(c);
}

size_t tu_plan_validate(const struct tu_plan *p, const char *prefix,
			struct tu_plan_report *rep)
{
	struct vc c;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.pre = prefix ? prefix : tu_plan_output_path(p);
	c.rep = rep;
	if (!vc_alloc(&c)) {
		vc_free(&c);
		tu_plan_report_add(rep, TU_PLAN_ERROR, TU_PLAN_R_LIMIT, c.pre,
				   "out of memory validating the plan");
		return 1;
	}
	run_checks(&c);
	vc_free(&c);
	return c.errors;
}
