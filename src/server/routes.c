/*
 * routes.c - the route table of `tutor serve`: every endpoint of
 * docs/api.md with its method, pattern, handler, least role, whether its
 * body is JSON, and the name logs and metrics use.
 *
 * Order matters only where a literal and a parameter segment compete
 * (POST /api/cohorts/join before GET /api/cohorts/:cid is harmless:
 * methods differ).  Roles here are the least role; handlers decide about
 * the learner, cohort or submission a path names (tu_authz_learner and
 * the cohort owner check), so "account" routes are open to both roles
 * and refuse inside.
 *
 * What it is not: no logic; dispatch.c runs the pipeline.
 */
#include "api.h"
#include "auth_internal.h"
#include "srv.h"

#define ANON TU_ROLE_ANON
#define LRN TU_ROLE_LEARNER          /* any account */
#define INS TU_ROLE_INSTRUCTOR
#define GET TU_HTTP_GET
#define POST TU_HTTP_POST

static const struct tu_route routes[] = {
	/* operations */
	{ GET, "/healthz", tu_api_healthz, ANON, false, "healthz" },
	{ GET, "/metrics", tu_api_metrics, ANON, false, "metrics" },
	/* accounts and sessions (auth) */
	{ POST, "/api/register", tu_api_register, ANON, true, "register" },
	{ POST, "/api/login", tu_api_login, ANON, true, "login" },
	{ POST, "/api/logout", tu_api_logout, LRN, false, "logout" },
	{ GET, "/api/me", tu_api_me, LRN, false, "me" },
	/* course */
	{ GET, "/api/course", tu_api_course, LRN, false, "course" },
	{ GET, "/api/problems", tu_api_problems, LRN, false, "problems" },
	{ GET, "/api/problems/:id", tu_api_problem, LRN, false, "problem" },
	/* a learner */
	{ GET, "/api/learners/:id/state", tu_api_learner_state, LRN, false,
	  "learner_state" },
	{ GET, "/api/learners/:id/profile", tu_api_learner_profile, LRN,
	  false, "learner_profile" },
	{ GET, "/api/learners/:id/roadmap", tu_api_learner_roadmap, LRN,
	  false, "learner_roadmap" },
	{ GET, "/api/learners/:id/next", tu_api_learner_next, LRN, false,
	  "learner_next" },
	{ POST, "/api/learners/:id/sessions", tu_api_learner_session, LRN,
	  true, "learner_session" },
	{ POST, "/api/learners/:id/submissions", tu_api_submit, LRN, true,
	  "submit" },
	{ GET, "/api/submissions/:sid", tu_api_submission, LRN, false,
	  "submission" },
	{ GET, "/api/submissions/:sid/events", tu_api_submission_events, LRN,
	  false, "submission_events" },
	{ POST, "/api/learners/:id/hints", tu_api_hint, LRN, true, "hint" },
	{ GET, "/api/learners/:id/reviews", tu_api_learner_reviews, LRN,
	  false, "learner_reviews" },
	{ GET, "/api/learners/:id/history", tu_api_learner_history, LRN,
	  false, "learner_history" },
	{ GET, "/api/learners/:id/trajectory", tu_api_learner_trajectory, LRN,
	  false, "learner_trajectory" },
	{ POST, "/api/learners/:id/ask", tu_api_ask, LRN, true, "ask" },
	{ POST, "/api/learners/:id/goals", tu_api_goals, LRN, true, "goals" },
	{ GET, "/api/learners/:id/export", tu_api_learner_export, LRN, false,
	  "learner_export" },
	/* study plans (api_plans.c) */
	{ POST, "/api/learners/:id/plans", tu_api_plan_create, LRN, true,
	  "plan_create" },
	{ GET, "/api/learners/:id/plans", tu_api_plan_list, LRN, false,
	  "plan_list" },
	{ GET, "/api/learners/:id/plans/:pid", tu_api_plan_get, LRN, false,
	  "plan_get" },
	{ POST, "/api/learners/:id/plans/:pid/turn", tu_api_plan_turn, LRN,
	  true, "plan_turn" },
	{ POST, "/api/learners/:id/plans/:pid/abandon", tu_api_plan_abandon,
	  LRN, true, "plan_abandon" },
	/* cohorts (auth) */
	{ POST, "/api/cohorts", tu_api_cohort_create, INS, true,
	  "cohort_create" },
	{ GET, "/api/cohorts", tu_api_cohort_list, INS, false, "cohort_list" },
	{ POST, "/api/cohorts/join", tu_api_cohort_join, LRN, true,
	  "cohort_join" },
	{ GET, "/api/cohorts/:cid", tu_api_cohort_get, INS, false,
	  "cohort_get" },
};

const struct tu_route *tu_route_table(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
